package io.slotway.pubsub;

import io.netty.buffer.ByteBuf;
import io.slotway.session.Client;
import io.slotway.session.ClientMode;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A client with at least one subscription: in RESP2 only (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PING, QUIT and RESET run;
 * in RESP3 any command but MULTI and WATCH.
 * Holds the client's own channels, patterns and shard channels (its acknowledgements count these), and leaves them
 * all in its event loop's hub when the mode ends (the last one left, RESET, or the client gone).
 */
public final class Subscribed implements ClientMode {

    private final Client client;
    /** Where its subscriptions are made; another after a reload replaced the upstream. */
    private UpstreamHub hub;
    private final Map<Kind, Set<String>> names = new EnumMap<>(Kind.class);
    /** Names added by a SUBSCRIBE still waiting for its acknowledgement, with it: only it may take them back. */
    private final Map<Kind, Map<String, Join>> owners = new EnumMap<>(Kind.class);

    Subscribed(Client client, UpstreamHub hub) {
        this.client = client;
        this.hub = hub;
        for (Kind kind : Kind.values()) {
            names.put(kind, new LinkedHashSet<>());
            owners.put(kind, new HashMap<>());
        }
        client.metrics().subscribersChanged(1);
    }

    Client client() {
        return client;
    }

    UpstreamHub hub() {
        return hub;
    }

    /** Adds {@code name}; false when the client already had it. */
    boolean add(Kind kind, String name) {
        return names.get(kind).add(name);
    }

    /** Removes {@code name}; false when the client did not have it. */
    boolean remove(Kind kind, String name) {
        owners.get(kind).remove(name);
        return names.get(kind).remove(name);
    }

    /** {@code name} was added by {@code join}, still waiting for its acknowledgement. */
    void own(Kind kind, String name, Join join) {
        owners.get(kind).put(name, join);
    }

    /** {@code name} no longer belongs to a waiting SUBSCRIBE (it was confirmed, or subscribed again). */
    void disown(Kind kind, String name) {
        owners.get(kind).remove(name);
    }

    boolean ownedBy(Kind kind, String name, Join join) {
        return owners.get(kind).get(name) == join;
    }

    /** This client's subscriptions of {@code kind}, in the order made. */
    List<String> names(Kind kind) {
        return new ArrayList<>(names.get(kind));
    }

    /** The count an acknowledgement of {@code kind} carries: channels and patterns together, shard channels apart. */
    int count(Kind kind) {
        return kind == Kind.SHARD ? names.get(Kind.SHARD).size()
                : names.get(Kind.CHANNEL).size() + names.get(Kind.PATTERN).size();
    }

    boolean isEmpty() {
        return names.values().stream().allMatch(Set::isEmpty);
    }

    /** Makes every subscription again in {@code next} (the hub of the upstream a reload put in place of this one). */
    void moveTo(UpstreamHub next) {
        UpstreamHub previous = hub;
        hub = next;
        // Bounded by this client's subscriptions.
        for (Kind kind : Kind.values()) {
            for (String name : List.copyOf(names.get(kind))) {
                previous.leave(this, kind, name);
                next.join(this, kind, name);
            }
        }
    }

    /**
     * The node dropped {@code name} itself (a shard channel whose slot moved): the client is told so, with the
     * acknowledgement Redis would push, and leaves its subscribed mode if that was its last.
     */
    void droppedByNode(Kind kind, String name) {
        if (!remove(kind, name)) {
            return;
        }
        hub.leave(this, kind, name);
        ByteBuf notice = client.alloc().buffer();
        Acks.write(notice, kind.unsubscribe(), name, count(kind), client.state().protocol());
        client.push(notice, false);
        if (isEmpty() && client.state().mode() == this) {
            client.state().mode(ClientMode.NORMAL);
        }
    }

    @Override
    public String flags() {
        return "P";
    }

    @Override
    public int[] subscriptions() {
        return new int[] {names.get(Kind.CHANNEL).size(), names.get(Kind.PATTERN).size(), names.get(Kind.SHARD).size()};
    }

    @Override
    public boolean awaitsPushes() {
        return true;
    }

    @Override
    public void end() {
        // Bounded by this client's subscriptions.
        for (Kind kind : Kind.values()) {
            // A copy: leaving may end a waiting SUBSCRIBE, which takes back what it added.
            for (String name : List.copyOf(names.get(kind))) {
                hub.leave(this, kind, name);
            }
            names.get(kind).clear();
            owners.get(kind).clear();
        }
        client.metrics().subscribersChanged(-1);
    }

    @Override
    public String toString() {
        return "subscribed";
    }
}
