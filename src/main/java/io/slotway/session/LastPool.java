package io.slotway.session;

import io.slotway.upstream.ConnectionSetup;
import io.slotway.upstream.LoopPools;
import io.slotway.upstream.NodePool;
import io.slotway.upstream.UpstreamNode;

/** The pool a client used last, kept at hand: most clients send one command after another to the same node. */
final class LastPool {

    private NodePool pool;
    private UpstreamNode node;
    private int database;
    private int protocol;

    NodePool pool(LoopPools pools, UpstreamNode node, int database, int protocol) {
        if (this.node != node || this.database != database || this.protocol != protocol || pool == null) {
            pool = pools.pool(node, new ConnectionSetup(database, protocol));
            this.node = node;
            this.database = database;
            this.protocol = protocol;
        }
        return pool;
    }

    /** A reload may have replaced the pools. */
    void forget() {
        pool = null;
        node = null;
    }
}
