package io.slotway.pubsub;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.slotway.command.ReplyMerger;
import io.slotway.command.SplitPlan;
import io.slotway.protocol.RespValue;
import io.slotway.protocol.RespWriter;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Merges PUBSUB's answers from every node into one Redis would give for Slotway's clients: channel lists are
 * united; subscriber counts summed, with Slotway's own upstream subscriptions replaced by the clients behind them;
 * NUMPAT (unique patterns per node, and Slotway subscribes a pattern on several nodes alike) the largest.
 */
final class IntrospectionMerger implements ReplyMerger {

    enum Shape { COUNTS, UNION, LARGEST }

    private final Shape shape;
    private final Kind kind;
    private final List<String> names;
    private final Registry registry;

    /** {@code names}: for COUNTS, the channels asked about, in the request's order. */
    IntrospectionMerger(Shape shape, Kind kind, List<String> names, Registry registry) {
        this.shape = shape;
        this.kind = kind;
        this.names = names;
        this.registry = registry;
    }

    @Override
    public ByteBuf merge(ByteBufAllocator alloc, ByteBuf[] replies, SplitPlan plan, int protocol) {
        ByteBuf out = alloc.buffer();
        switch (shape) {
            case COUNTS -> counts(out, replies);
            case UNION -> union(out, replies);
            case LARGEST -> {
                long largest = 0;
                for (ByteBuf reply : replies) {
                    largest = Math.max(largest, RespValue.parse(reply.duplicate()).integer());
                }
                RespWriter.writeInteger(out, largest);
            }
        }
        return out;
    }

    private void counts(ByteBuf out, ByteBuf[] replies) {
        long[] sums = new long[names.size()];
        for (ByteBuf reply : replies) {
            List<RespValue> items = RespValue.parse(reply.duplicate()).items();
            for (int i = 0; i < sums.length && 2 * i + 1 < items.size(); i++) {
                sums[i] += items.get(2 * i + 1).integer();
            }
        }
        RespWriter.writeArrayHeader(out, 2L * names.size());
        for (int i = 0; i < sums.length; i++) {
            String name = names.get(i);
            RespWriter.writeBulk(out, name.getBytes(StandardCharsets.ISO_8859_1));
            RespWriter.writeInteger(out, Math.max(0, sums[i] - registry.upstream(kind, name)
                    + registry.clients(kind, name)));
        }
    }

    private static void union(ByteBuf out, ByteBuf[] replies) {
        Set<String> united = new LinkedHashSet<>();
        for (ByteBuf reply : replies) {
            for (RespValue item : RespValue.parse(reply.duplicate()).items()) {
                // The bulk's own bytes, whatever their encoding: "$<length>\r\n<bytes>\r\n".
                int data = reply.indexOf(item.start(), item.end(), (byte) '\n') + 1;
                int length = item.end() - 2 - data;
                united.add(reply.toString(data, length, StandardCharsets.ISO_8859_1));
            }
        }
        RespWriter.writeArrayHeader(out, united.size());
        for (String name : united) {
            RespWriter.writeBulk(out, name.getBytes(StandardCharsets.ISO_8859_1));
        }
    }
}
