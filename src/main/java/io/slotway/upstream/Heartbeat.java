package io.slotway.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.slotway.loop.Deadline;
import io.slotway.loop.LoopServices;
import io.slotway.protocol.PushFrame;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A PING every few seconds on a dedicated connection that otherwise carries nothing unasked for as long as the node
 * has nothing to push (a subscriber's, an invalidation listener's); one still unanswered at the next beat closes the
 * connection. A node that vanished without closing it (a partition, a stopped process) is so noticed within two
 * intervals, and the connection's owner hears of the loss. Used only from its event loop.
 */
public final class Heartbeat extends Deadline {

    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final ByteBuf PING = Unpooled.unreleasableBuffer(
            Unpooled.wrappedBuffer("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII))).asReadOnly();

    private final LoopServices services;
    private DedicatedConnection connection;
    /** The PING asked and not yet answered; null when none. */
    private Ping unanswered;

    public Heartbeat(LoopServices services) {
        this.services = services;
    }

    /** Beats on {@code connection} from now on. */
    public void start(DedicatedConnection connection) {
        this.connection = connection;
        unanswered = null;
        services.deadlines().arm(this, INTERVAL_NANOS);
    }

    /** The connection is gone or no longer wanted. */
    public void stop() {
        disarm();
        connection = null;
        unanswered = null;
    }

    @Override
    protected void expired() {
        if (connection == null || connection.isClosed()) {
            return;
        }
        if (unanswered != null) {
            connection.close("no answer to PING within " + TimeUnit.NANOSECONDS.toMillis(INTERVAL_NANOS) + " ms");
            return;
        }
        unanswered = new Ping();
        connection.send(unanswered);
        services.deadlines().arm(this, INTERVAL_NANOS);
    }

    /** Answered {@code +PONG}, or {@code *2 pong ""} on a RESP2 connection that is subscribed to something. */
    private final class Ping implements UpstreamRequest {
        @Override
        public ByteBuf frame() {
            return PING.duplicate();
        }

        @Override
        public boolean claims(ByteBuf reply) {
            byte first = reply.isReadable() ? reply.getByte(reply.readerIndex()) : 0;
            return first == '-' || first == '+' || "pong".equals(PushFrame.element(reply, 0));
        }

        @Override
        public void complete(ByteBuf reply) {
            reply.release();
            answered();
        }

        @Override
        public void fail(String error) {
            answered();
        }

        private void answered() {
            if (unanswered == this) {
                unanswered = null;
            }
        }

        @Override
        public boolean isAbandoned() {
            return false;
        }
    }
}
