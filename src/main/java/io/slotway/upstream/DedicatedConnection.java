package io.slotway.upstream;

import io.netty.buffer.ByteBuf;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A connection to one node lent to one client for a stateful stretch: from WATCH to EXEC, or for one blocking
 * command. Nobody else's commands run on it while it is lent. The client gives it back only in a known clean state
 * ({@link #release}); anything unclear closes it ({@link #close}), and a closed one stays closed, so a command that
 * needed it (an EXEC after WATCH) fails instead of running on a fresh connection that guards nothing.
 */
public final class DedicatedConnection implements UpstreamConnection.Listener {

    private final DedicatedPool pool;
    private UpstreamConnection connection;
    private boolean lent;
    /** Closed by Slotway (its state was unclear), not by the node: says nothing about the node's health. */
    private boolean discarded;

    DedicatedConnection(DedicatedPool pool) {
        this.pool = pool;
    }

    void connection(UpstreamConnection connection) {
        this.connection = connection;
    }

    @Override
    public void ready(UpstreamConnection connection) {
        pool.ready(connection);
    }

    @Override
    public void closed(UpstreamConnection connection, boolean wasReady, String cause) {
        pool.closed(this, wasReady, cause);
    }

    boolean discarded() {
        return discarded;
    }

    void discarded(boolean discarded) {
        this.discarded = discarded;
    }

    public UpstreamNode node() {
        return connection.node();
    }

    /** Sends on this connection only; fails the request if it is closed. */
    public void send(UpstreamRequest request) {
        connection.send(request);
    }

    /** Whether this connection belongs to {@code pool} (its node and setup). */
    public boolean from(DedicatedPool pool) {
        return this.pool == pool;
    }

    /** The node's CLIENT ID for this connection, -1 until known; readable from any thread. */
    public long upstreamClientId() {
        return connection.upstreamClientId();
    }

    public boolean isClosed() {
        return connection.isClosed();
    }

    /** Makes this a subscriber connection: published messages, and its loss, go to {@code listener}. */
    public void pushTo(PushListener listener) {
        connection.pushTo(listener);
    }

    /**
     * As {@link #pushTo(PushListener)}: frames go to {@code pushed}, and the loss to {@code lost} with this connection
     * named, so its owner can tell a stale connection's loss from its current one's.
     */
    public void pushTo(Consumer<ByteBuf> pushed, BiConsumer<DedicatedConnection, String> lost) {
        pushTo(new PushListener() {
            @Override
            public void pushed(ByteBuf frame) {
                pushed.accept(frame);
            }

            @Override
            public void lost(String cause) {
                lost.accept(DedicatedConnection.this, cause);
            }
        });
    }

    /** Back to the pool for the next client: call only when nothing is outstanding and no state is left on it. */
    public void release() {
        pool.giveBack(this);
    }

    /** Closes it: its state is unknown (a blocking command still waiting, a reply that never came). Idempotent. */
    public void close(String cause) {
        pool.discard(this, cause);
    }

    UpstreamConnection connection() {
        return connection;
    }

    boolean lent() {
        return lent;
    }

    void lent(boolean lent) {
        this.lent = lent;
    }
}
