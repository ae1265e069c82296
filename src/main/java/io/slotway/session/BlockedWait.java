package io.slotway.session;

import io.slotway.metrics.Metrics;
import io.slotway.upstream.DedicatedConnection;
import io.slotway.upstream.Upstream;

/**
 * A client's blocking command while it waits on its dedicated connection: counted as a blocked client, and findable
 * by CLIENT UNBLOCK from any client until it ends. Used only from the client's loop.
 */
final class BlockedWait {

    private final Metrics metrics;
    private final ClientState state;
    private BlockedClients.Blocked registered;

    BlockedWait(Metrics metrics, ClientState state) {
        this.metrics = metrics;
        this.state = state;
    }

    /** The command now waits on {@code connection} to a node of {@code upstream}. */
    void started(Upstream upstream, DedicatedConnection connection) {
        metrics.blockedClientsChanged(1);
        registered = BlockedClients.blocked(state.id(), upstream, connection);
    }

    /**
     * The command no longer waits there; false when a CLIENT UNBLOCK claimed it first, so its connection must not
     * go to anyone else.
     */
    boolean ended() {
        metrics.blockedClientsChanged(-1);
        BlockedClients.Blocked block = registered;
        registered = null;
        BlockedClients.unblocked(state.id(), block);
        return block == null || block.end();
    }

    /** A clean connection goes back to the pool; one a CLIENT UNBLOCK may still reach is closed. */
    static void releaseOrClose(DedicatedConnection connection, boolean clean) {
        if (clean) {
            connection.release();
        } else {
            connection.close("a CLIENT UNBLOCK for its last command may still arrive");
        }
    }
}
