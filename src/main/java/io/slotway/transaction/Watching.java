package io.slotway.transaction;

import io.slotway.session.Client;
import io.slotway.session.ClientMode;
import io.slotway.upstream.Topology;
import io.slotway.upstream.Upstream;

/**
 * A client after WATCH, before MULTI: its WATCHes ran on a dedicated connection the client keeps (pinned) until
 * EXEC, DISCARD, UNWATCH or RESET, and every later WATCH and the transaction must use keys of the same group.
 */
final class Watching implements ClientMode {

    private final Client client;
    private final Upstream upstream;
    private final Topology topology;
    private final int group;
    /** MULTI took the watch over: the transaction now ends it. */
    private boolean handedOver;

    Watching(Client client, Upstream upstream, Topology topology, int group) {
        this.client = client;
        this.upstream = upstream;
        this.topology = topology;
        this.group = group;
    }

    boolean sameGroup(Upstream upstream, Topology topology, int group) {
        return this.upstream == upstream && this.topology == topology && this.group == group;
    }

    /** MULTI: the transaction takes over the watch and its key group. */
    Transaction toTransaction() {
        handedOver = true;
        Transaction transaction = new Transaction(client);
        transaction.sameGroup(upstream, topology, group);
        return transaction;
    }

    @Override
    public void end() {
        if (!handedOver) {
            client.unpin();
        }
    }

    @Override
    public String toString() {
        return "watching";
    }
}
