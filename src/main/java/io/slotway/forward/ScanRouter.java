package io.slotway.forward;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.slotway.command.ScanCursor;
import io.slotway.command.SplitPlan;
import io.slotway.protocol.Replies;
import io.slotway.protocol.Request;
import io.slotway.protocol.RespWriter;
import io.slotway.session.Client;
import io.slotway.upstream.Shard;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** SCAN across shards: one shard per call, chosen by the proxy cursor (see {@link ScanCursor}). */
final class ScanRouter {

    private ScanRouter() {
    }

    /** Takes ownership of {@code request}. */
    static void route(Client client, Request request, Upstream upstream, List<Shard> shards) {
        long cursor;
        try {
            cursor = Long.parseUnsignedLong(request.argString(1));
        } catch (NumberFormatException e) {
            cursor = -1;
        }
        int shard = ScanCursor.shard(cursor);
        if (cursor == -1 || shard >= shards.size()) {
            client.answer(Replies.error(client.alloc(), "ERR invalid cursor"));
            request.release();
            return;
        }
        CompositeByteBuf frame = client.alloc().compositeBuffer(3);
        ByteBuf head = client.alloc().buffer(48);
        RespWriter.writeArrayHeader(head, request.count());
        RespWriter.writeBulk(head, "SCAN".getBytes(StandardCharsets.US_ASCII));
        RespWriter.writeBulk(head, Long.toUnsignedString(ScanCursor.shardCursor(cursor)));
        frame.addComponent(true, head);
        if (request.count() > 2) {
            // MATCH / COUNT / TYPE go to the shard as the client sent them.
            int start = request.offset(2) - 3 - Integer.toString(request.length(2)).length();
            frame.addComponent(true, request.frame().retainedSlice(start, request.frame().writerIndex() - start));
        }
        client.fanOut(request, upstream, new UpstreamNode[] {shards.get(shard).primary()}, new ByteBuf[] {frame},
                ScanCursor.rewriter(shard, shards.size()), SplitPlan.WHOLE_COMMAND,
                upstream.config().timeouts().commandNanos());
    }
}
