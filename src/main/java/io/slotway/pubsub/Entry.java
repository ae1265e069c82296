package io.slotway.pubsub;

import io.slotway.loop.Deadline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One channel, pattern or shard channel that clients of one event loop subscribe to: who they are, the nodes it is
 * subscribed on for them, which of those have yet to confirm it, and the clients whose acknowledgement waits for
 * them. Once it has been confirmed, losing it (its connection, its slot) makes the hub place it again rather than
 * drop it; once failed it stays failed, and a client that joins it late hears of the failure at once.
 */
final class Entry extends Deadline {

    private final Kind kind;
    private final String name;
    private final UpstreamHub hub;
    private List<NodeSubscriber> nodes;
    private final Set<Subscribed> clients = new LinkedHashSet<>();
    private final List<Join> waiting = new ArrayList<>();
    private final Set<NodeSubscriber> unconfirmed = Collections.newSetFromMap(new IdentityHashMap<>());
    private String failure;
    private boolean everConfirmed;
    /** Attempts to place it again since it was last confirmed. */
    private int recoveries;

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

    /** Whether every node confirmed it once: its clients have their acknowledgements and expect messages. */
    boolean everConfirmed() {
        return everConfirmed;
    }

    /** One more attempt to place it again; returns how many there have been since it was last confirmed. */
    int recovering() {
        return ++recoveries;
    }

    /** {@code join} waits until every node confirmed this entry; told at once if it already failed. */
    void await(Join join) {
        if (failure != null) {
            join.failed(failure);
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

    /** Being made (again) on {@code nodes}: clients joining now wait for them all. */
    void placedOn(List<NodeSubscriber> placed) {
        nodes = List.copyOf(placed);
        unconfirmed.clear();
        unconfirmed.addAll(placed);
    }

    /** {@code node} acknowledged the subscription; the last node lets the waiting acknowledgements go. */
    void confirmed(NodeSubscriber node) {
        if (unconfirmed.remove(node) && unconfirmed.isEmpty() && failure == null) {
            everConfirmed = true;
            recoveries = 0;
            // Bounded by the clients that joined while it was being made.
            for (Join join : takeWaiting()) {
                join.confirmed();
            }
        }
    }

    /** {@code node} could not subscribe it: the hub places it again, or gives it up; a node it left is ignored. */
    void failed(NodeSubscriber node, String error) {
        if (failure == null && nodes.contains(node)) {
            hub.subscriptionFailed(this, error);
        }
    }

    /** Given up: nobody keeps it. */
    void giveUp(String error) {
        disarm();
        failure = error;
    }

    boolean hasFailed() {
        return failure != null;
    }

    /** The time before the next attempt to place it again is over. */
    @Override
    protected void expired() {
        hub.place(this);
    }
}
