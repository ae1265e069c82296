package io.slotway.pubsub;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One channel, pattern or shard channel that clients of one event loop subscribe to: who they are, the nodes it is
 * subscribed on for them, which of those have yet to confirm it, and the clients whose acknowledgement waits for
 * them. Once failed it stays failed: a client that joins it late hears of the failure at once.
 */
final class Entry {

    private final Kind kind;
    private final String name;
    private final UpstreamHub hub;
    private final List<NodeSubscriber> nodes;
    private final Set<Subscribed> clients = new LinkedHashSet<>();
    private final List<Join> waiting = new ArrayList<>();
    private final Set<NodeSubscriber> unconfirmed = Collections.newSetFromMap(new IdentityHashMap<>());
    private String failure;

    Entry(Kind kind, String name, UpstreamHub hub, List<NodeSubscriber> nodes) {
        this.kind = kind;
        this.name = name;
        this.hub = hub;
        this.nodes = List.copyOf(nodes);
        this.unconfirmed.addAll(nodes);
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
        return unconfirmed.isEmpty() && failure == null;
    }

    /** {@code join} waits until every node confirmed this entry; told at once if it already failed. */
    void await(Join join) {
        if (failure != null) {
            join.failed(this, failure);
        } else if (unconfirmed.isEmpty()) {
            join.confirmed();
        } else {
            waiting.add(join);
        }
    }

    /** Takes the joins still waiting (for a failure to tell them). */
    List<Join> takeWaiting() {
        List<Join> taken = new ArrayList<>(waiting);
        waiting.clear();
        return taken;
    }

    /** Being made again on {@code node} (its connection was lost): clients joining now wait for it. */
    void resubscribing(NodeSubscriber node) {
        unconfirmed.add(node);
    }

    /** {@code node} acknowledged the subscription; the last node lets the waiting acknowledgements go. */
    void confirmed(NodeSubscriber node) {
        if (unconfirmed.remove(node) && unconfirmed.isEmpty() && failure == null) {
            // Bounded by the clients that joined while it was being made.
            for (Join join : takeWaiting()) {
                join.confirmed();
            }
        }
    }

    /** A node could not subscribe it: nobody keeps it. */
    void failed(String error) {
        if (failure == null) {
            failure = error;
            hub.entryFailed(this, error);
        }
    }

    boolean hasFailed() {
        return failure != null;
    }
}
