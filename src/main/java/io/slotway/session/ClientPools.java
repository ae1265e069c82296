package io.slotway.session;

import io.slotway.upstream.ConnectionSetup;
import io.slotway.upstream.LoopPools;
import io.slotway.upstream.NodePool;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;

/**
 * Which of its event loop's pools a client's commands go to: connections set up as the client is (database and
 * protocol). The pool used last is kept at hand: most clients send one command after another to the same node.
 */
final class ClientPools {

    private final LoopPools pools;
    private final ClientState state;
    private NodePool pool;
    private UpstreamNode node;
    private int database;
    private int protocol;

    ClientPools(LoopPools pools, ClientState state) {
        this.pools = pools;
        this.state = state;
    }

    NodePool pool(UpstreamNode node, Upstream upstream) {
        int database = state.database() >= 0 ? state.database() : upstream.config().database();
        int protocol = state.protocol();
        if (this.node != node || this.database != database || this.protocol != protocol || pool == null) {
            pool = pools.pool(node, new ConnectionSetup(database, protocol));
            this.node = node;
            this.database = database;
            this.protocol = protocol;
        }
        return pool;
    }

    /** Connections in the upstream's database speaking {@code protocol}, whatever the client speaks. */
    NodePool ownPool(UpstreamNode node, Upstream upstream, int protocol) {
        return pools.pool(node, new ConnectionSetup(upstream.config().database(), protocol));
    }

    /** A reload may have replaced the pools. */
    void forget() {
        pool = null;
        node = null;
    }
}
