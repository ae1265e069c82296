package io.slotway.session;

import io.slotway.upstream.LoopPools;
import io.slotway.upstream.NodePool;
import io.slotway.upstream.UpstreamNode;

/** The pool a client used last, kept at hand: most clients send one command after another to the same node. */
final class LastPool {

    private NodePool pool;
    private UpstreamNode node;
    private int database;

    NodePool pool(LoopPools pools, UpstreamNode node, int database) {
        if (this.node != node || this.database != database || pool == null) {
            pool = pools.pool(node, database);
            this.node = node;
            this.database = database;
        }
        return pool;
    }

    /** A reload may have replaced the pools. */
    void forget() {
        pool = null;
        node = null;
    }
}
