package io.slotway.forward;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.slotway.command.KeyNames;
import io.slotway.command.ReplyMerger;
import io.slotway.command.ScanCursor;
import io.slotway.command.SplitPlan;
import io.slotway.protocol.Replies;
import io.slotway.protocol.Request;
import io.slotway.protocol.RespWriter;
import io.slotway.route.Route;
import io.slotway.session.Client;
import io.slotway.upstream.Shard;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * SCAN across shards, and across the upstreams of several routes: one shard per call, chosen by the proxy cursor
 * (see {@link ScanCursor}) from the list of every shard SCAN visits.
 */
final class ScanRouter {

    private static final byte[] MATCH = "MATCH".getBytes(StandardCharsets.US_ASCII);

    /** One shard SCAN visits; {@code removed}: the bytes its route cut from the keys it holds. */
    record Target(Upstream upstream, UpstreamNode node, byte[] removed) {
    }

    private ScanRouter() {
    }

    /** The primaries of {@code shards}, {@code route}'s upstream's, in order. */
    static List<Target> targets(Upstream upstream, Route route, List<Shard> shards) {
        List<Target> targets = new ArrayList<>(shards.size());
        for (Shard shard : shards) {
            targets.add(new Target(upstream, shard.primary(), route.removed()));
        }
        return targets;
    }

    /** Takes ownership of {@code request}. */
    static void route(Client client, Request request, List<Target> targets) {
        long cursor;
        try {
            cursor = Long.parseUnsignedLong(request.argString(1));
        } catch (NumberFormatException e) {
            cursor = -1;
        }
        int index = ScanCursor.shard(cursor);
        if (cursor == -1 || index >= targets.size()) {
            client.answer(Replies.error(client.alloc(), "ERR invalid cursor"));
            request.release();
            return;
        }
        Target target = targets.get(index);
        ReplyMerger merger = ScanCursor.rewriter(index, targets.size());
        ByteBuf frame;
        if (target.removed().length == 0) {
            frame = asSent(client, request, ScanCursor.shardCursor(cursor));
        } else {
            int match = matchArgument(request);
            PatternCut cut = PatternCut.of(match < 0 ? null : bytes(request, match), target.removed());
            frame = rewritten(client, request, ScanCursor.shardCursor(cursor), match, cut.sent());
            merger = KeyNames.restoring(merger, KeyNames.Shape.SCAN, new KeyNames.Restore[] {cut.restore()});
        }
        client.fanOut(request, new Upstream[] {target.upstream()}, new UpstreamNode[] {target.node()},
                new ByteBuf[] {frame}, merger, SplitPlan.WHOLE_COMMAND,
                target.upstream().config().timeouts().commandNanos());
    }

    /** SCAN with the shard's cursor; MATCH / COUNT / TYPE go to the shard as the client sent them. */
    private static ByteBuf asSent(Client client, Request request, long shardCursor) {
        CompositeByteBuf frame = client.alloc().compositeBuffer(3);
        ByteBuf head = client.alloc().buffer(48);
        RespWriter.writeArrayHeader(head, request.count());
        RespWriter.writeBulk(head, "SCAN".getBytes(StandardCharsets.US_ASCII));
        RespWriter.writeBulk(head, Long.toUnsignedString(shardCursor));
        frame.addComponent(true, head);
        if (request.count() > 2) {
            int start = request.offset(2) - 3 - Integer.toString(request.length(2)).length();
            frame.addComponent(true, request.frame().retainedSlice(start, request.frame().writerIndex() - start));
        }
        return frame;
    }

    /** SCAN for a shard whose keys lack their route's prefix, with MATCH's pattern as {@link PatternCut} sends it. */
    private static ByteBuf rewritten(Client client, Request request, long shardCursor, int match, byte[] sent) {
        ByteBuf frame = client.alloc().buffer(request.frame().readableBytes() + 32);
        RespWriter.writeArrayHeader(frame, request.count());
        RespWriter.writeBulk(frame, "SCAN".getBytes(StandardCharsets.US_ASCII));
        RespWriter.writeBulk(frame, Long.toUnsignedString(shardCursor));
        for (int i = 2; i < request.count(); i++) {
            if (i != match) {
                RespWriter.writeBulk(frame, request.arg(i));
            } else {
                RespWriter.writeBulk(frame, sent);
            }
        }
        return frame;
    }

    /** The argument holding MATCH's pattern (options come in name-value pairs after the cursor), or -1. */
    private static int matchArgument(Request request) {
        int match = -1;
        for (int i = 2; i + 1 < request.count(); i += 2) {
            if (request.equalsIgnoreCase(i, MATCH)) {
                match = i + 1;
            }
        }
        return match;
    }

    static byte[] bytes(Request request, int argument) {
        byte[] bytes = new byte[request.length(argument)];
        request.buffer().getBytes(request.offset(argument), bytes);
        return bytes;
    }
}
