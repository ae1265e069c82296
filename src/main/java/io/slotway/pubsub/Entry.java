package io.slotway.pubsub;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One channel, pattern or shard channel that clients of one event loop subscribe to: who they are, the nodes it is
 * subscribed on for them, and the clients whose acknowledgement waits for those nodes to confirm it.
 */
final class Entry {

    private final Kind kind;
    private final String name;
    private final UpstreamHub hub;
    private final List<NodeSubscriber> nodes;
    private final Set<Subscribed> clients = new LinkedHashSet<>();
    private final List<Join> waiting = new ArrayList<>();
    private int unconfirmed;

    Entry(Kind kind, String name, UpstreamHub hub, List<NodeSubscriber> nodes) {
        this.kind = kind;
        this.name = name;
        this.hub = hub;
        this.nodes = List.copyOf(nodes);
        this.unconfirmed = nodes.size();
    }

    Kind kind() {
        return kind;
    }

    String name() {
        return name;
    }

    List<NodeSubscriber> nodes() {
        return nodes;
    }

    Set<Subscribed> clients() {
        return clients;
    }

    boolean isConfirmed() {
        return unconfirmed == 0;
    }

    /** {@code join} waits until every node confirmed this entry. */
    void await(Join join) {
        waiting.add(join);
    }

    /** Takes the joins still waiting (for a failure to tell them). */
    List<Join> takeWaiting() {
        List<Join> taken = new ArrayList<>(waiting);
        waiting.clear();
        return taken;
    }

    /** {@code node} acknowledged the subscription; the last node lets the waiting acknowledgements go. */
    void confirmed(NodeSubscriber node) {
        if (unconfirmed > 0 && --unconfirmed == 0) {
            // Bounded by the clients that joined while it was being made.
            for (Join join : takeWaiting()) {
                join.confirmed();
            }
        }
    }

    /** {@code node} could not subscribe it: nobody keeps it. */
    void failed(NodeSubscriber node, String error) {
        hub.entryFailed(this, error);
    }
}
