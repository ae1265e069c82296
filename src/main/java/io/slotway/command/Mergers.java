package io.slotway.command;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.slotway.protocol.ArrayFrame;
import io.slotway.protocol.Ascii;
import io.slotway.protocol.ProtocolException;
import io.slotway.protocol.Replies;
import io.slotway.protocol.ReplyScanner;
import io.slotway.protocol.RespWriter;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The mergers, chosen from the command table's request and response policies (never by command name):
 * sums, all-succeeded, logical AND, minimum, array (or RESP3 set) concatenation, one random non-null reply, and key
 * order.
 * Array merges reuse the shards' element bytes; only headers and integers are written anew.
 */
public final class Mergers {

    private Mergers() {
    }

    /** The merger for a command sent to several shards. */
    public static ReplyMerger forSpec(CommandSpec spec) {
        switch (spec.responsePolicy()) {
            case AGG_SUM:
                return Mergers::sum;
            case AGG_MIN:
                return (alloc, replies, plan, protocol) -> extreme(alloc, replies, true);
            case AGG_MAX:
                return (alloc, replies, plan, protocol) -> extreme(alloc, replies, false);
            case AGG_LOGICAL_AND:
                return (alloc, replies, plan, protocol) -> logical(alloc, replies, true);
            case AGG_LOGICAL_OR:
                return (alloc, replies, plan, protocol) -> logical(alloc, replies, false);
            case ALL_SUCCEEDED:
            case ONE_SUCCEEDED:
                return (alloc, replies, plan, protocol) -> replies[0].retainedDuplicate();
            default:
                return spec.requestPolicy() == RequestPolicy.MULTI_SHARD ? Mergers::inKeyOrder : Mergers::combine;
        }
    }

    static ByteBuf sum(ByteBufAllocator alloc, ByteBuf[] replies, SplitPlan plan, int protocol) {
        long total = 0;
        for (ByteBuf reply : replies) {
            total += integer(reply);
        }
        return Replies.integer(alloc, total);
    }

    private static ByteBuf extreme(ByteBufAllocator alloc, ByteBuf[] replies, boolean min) {
        long best = integer(replies[0]);
        for (ByteBuf reply : replies) {
            long value = integer(reply);
            best = min ? Math.min(best, value) : Math.max(best, value);
        }
        return Replies.integer(alloc, best);
    }

    /** Element-wise AND / OR of integer arrays (SCRIPT EXISTS: a script exists only if every shard has it). */
    private static ByteBuf logical(ByteBufAllocator alloc, ByteBuf[] replies, boolean and) {
        if (replies[0].getByte(replies[0].readerIndex()) == ':') {
            long result = and ? 1 : 0;
            for (ByteBuf reply : replies) {
                result = and ? result & (integer(reply) != 0 ? 1 : 0) : result | (integer(reply) != 0 ? 1 : 0);
            }
            return Replies.integer(alloc, result);
        }
        int count = arrayLength(replies[0]);
        boolean[] values = new boolean[count];
        java.util.Arrays.fill(values, and);
        for (ByteBuf reply : replies) {
            int[] bounds = elements(reply);
            for (int i = 0; i < count && i < bounds.length / 2; i++) {
                int start = bounds[i * 2];
                boolean value = Ascii.parseLong(reply, start + 1, bounds[i * 2 + 1] - start - 3, 0) != 0;
                values[i] = and ? values[i] && value : values[i] || value;
            }
        }
        ByteBuf out = alloc.buffer(8 + count * 4);
        RespWriter.writeArrayHeader(out, count);
        for (boolean value : values) {
            RespWriter.writeInteger(out, value ? 1 : 0);
        }
        return out;
    }

    /** Arrays are concatenated (KEYS); single values give one random non-null reply (RANDOMKEY). */
    static ByteBuf combine(ByteBufAllocator alloc, ByteBuf[] replies, SplitPlan plan, int protocol) {
        byte type = replies[0].getByte(replies[0].readerIndex());
        if (type == '*' || type == '~') {
            return concatenate(alloc, replies, type);
        }
        int start = ThreadLocalRandom.current().nextInt(replies.length);
        for (int i = 0; i < replies.length; i++) {
            ByteBuf reply = replies[(start + i) % replies.length];
            if (!Replies.isNull(reply)) {
                return reply.retainedDuplicate();
            }
        }
        return replies[0].retainedDuplicate();
    }

    /** Arrays, or RESP3 sets ({@code type}), joined under one header of the same type. */
    private static ByteBuf concatenate(ByteBufAllocator alloc, ByteBuf[] replies, byte type) {
        CompositeByteBuf out = alloc.compositeBuffer(replies.length + 1);
        long total = 0;
        for (ByteBuf reply : replies) {
            int count = arrayLength(reply);
            if (count > 0) {
                total += count;
                int bodyStart = reply.indexOf(reply.readerIndex(), reply.writerIndex(), (byte) '\n') + 1;
                out.addComponent(true, reply.retainedSlice(bodyStart, reply.writerIndex() - bodyStart));
            }
        }
        ByteBuf header = alloc.buffer(16);
        if (type == '~') {
            RespWriter.writeSetHeader(header, total, 3);
        } else {
            RespWriter.writeArrayHeader(header, total);
        }
        out.addComponent(true, 0, header);
        return out;
    }

    /** MGET: each shard answered for its own keys; put the elements back in the order the client asked. */
    static ByteBuf inKeyOrder(ByteBufAllocator alloc, ByteBuf[] replies, SplitPlan plan, int protocol) {
        int total = plan.totalKeys();
        // Per original key position: the part that answered it and its element's bounds (-1: no answer, null).
        int[] found = new int[total * 3];
        java.util.Arrays.fill(found, -1);
        int[] bounds = new int[2 * largestPart(plan)];
        long payload = 0;
        for (int part = 0; part < replies.length; part++) {
            int[] positions = plan.keyPositions()[part];
            int elements = Math.min(positions.length, elementBounds(replies[part], bounds));
            for (int i = 0; i < elements; i++) {
                int at = positions[i] * 3;
                found[at] = part;
                found[at + 1] = bounds[i * 2];
                found[at + 2] = bounds[i * 2 + 1];
                payload += bounds[i * 2 + 1] - bounds[i * 2];
            }
        }
        ByteBuf nullBulk = protocol == 3 ? Replies.NULL : Replies.NULL_BULK;
        for (int position = 0; position < total; position++) {
            if (found[position * 3] < 0) {
                payload += nullBulk.readableBytes();
            }
        }
        ByteBuf out = ArrayFrame.start(alloc, total, payload, total);
        for (int position = 0; position < total; position++) {
            int at = position * 3;
            if (found[at] < 0) {
                ArrayFrame.append(out, nullBulk, nullBulk.readerIndex(), nullBulk.readableBytes());
            } else {
                ArrayFrame.append(out, replies[found[at]], found[at + 1], found[at + 2] - found[at + 1]);
            }
        }
        return out;
    }

    private static int largestPart(SplitPlan plan) {
        int largest = 0;
        for (int[] positions : plan.keyPositions()) {
            largest = Math.max(largest, positions.length);
        }
        return largest;
    }

    /** Start and end index of each element of an array reply, as pairs. */
    static int[] elements(ByteBuf reply) {
        return elements(reply, reply.readerIndex());
    }

    /**
     * As {@link #elements(ByteBuf)} for the aggregate whose header is at {@code start} inside {@code reply}, in
     * {@code reply}'s own indexes (not through a derived buffer: Netty 4.2.18's duplicate of a duplicate of a pooled
     * slice reads its parent's bytes).
     */
    static int[] elements(ByteBuf reply, int start) {
        int[] bounds = new int[Math.max(0, arrayLength(reply, start)) * 2];
        int position = reply.indexOf(start, reply.writerIndex(), (byte) '\n') + 1;
        for (int i = 0; i < bounds.length / 2; i++) {
            int end = elementEnd(reply, position);
            bounds[i * 2] = position;
            bounds[i * 2 + 1] = end;
            position = end;
        }
        return bounds;
    }

    /**
     * Writes the start and end index of each element of an array reply into {@code bounds} as pairs, as many as
     * fit; returns how many it wrote. The reply was validated when it arrived, so flat elements (bulk strings,
     * simple lines) are stepped over by their headers; only nested ones need a {@link ReplyScanner}.
     */
    static int elementBounds(ByteBuf reply, int[] bounds) {
        int count = Math.min(arrayLength(reply), bounds.length / 2);
        int position = reply.indexOf(reply.readerIndex(), reply.writerIndex(), (byte) '\n') + 1;
        for (int i = 0; i < count; i++) {
            int end = elementEnd(reply, position);
            bounds[i * 2] = position;
            bounds[i * 2 + 1] = end;
            position = end;
        }
        return Math.max(0, count);
    }

    private static int elementEnd(ByteBuf reply, int position) {
        int lineEnd = reply.indexOf(position, reply.writerIndex(), (byte) '\r');
        if (lineEnd < 0) {
            throw new ProtocolException("truncated array element in reply");
        }
        byte type = reply.getByte(position);
        if (type == '$') {
            long length = Ascii.parseLong(reply, position + 1, lineEnd - position - 1, Long.MIN_VALUE);
            long end = length < 0 ? lineEnd + 2 : lineEnd + 2 + length + 2;
            if (length < -1 || end > reply.writerIndex()) {
                throw new ProtocolException("truncated array element in reply");
            }
            return (int) end;
        }
        if (type == '+' || type == '-' || type == ':' || type == '_' || type == ',' || type == '#') {
            return lineEnd + 2;
        }
        ByteBuf view = reply.duplicate();
        view.readerIndex(position);
        int length = new ReplyScanner().scan(view);
        if (length < 0) {
            throw new ProtocolException("truncated array element in reply");
        }
        return position + length;
    }

    /** The elements of an aggregate reply: a RESP3 map's count is of pairs, each two elements. */
    private static int arrayLength(ByteBuf reply) {
        return arrayLength(reply, reply.readerIndex());
    }

    private static int arrayLength(ByteBuf reply, int start) {
        int lineEnd = reply.indexOf(start, reply.writerIndex(), (byte) '\r');
        int count = (int) Ascii.parseLong(reply, start + 1, lineEnd - start - 1, 0);
        return reply.getByte(start) == '%' ? count * 2 : count;
    }

    private static long integer(ByteBuf reply) {
        int lineEnd = reply.indexOf(reply.readerIndex(), reply.writerIndex(), (byte) '\r');
        return Ascii.parseLong(reply, reply.readerIndex() + 1, lineEnd - reply.readerIndex() - 1, 0);
    }
}
