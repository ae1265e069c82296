package io.slotway.metrics.counters;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Pub/sub through this Slotway: subscribers, what they hold upstream, and the messages passed on. Thread-safe. */
public final class PubSubCounters {

    private final AtomicInteger subscribers = new AtomicInteger();
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder unclaimed = new LongAdder();

    void subscribersChanged(int delta) {
        subscribers.addAndGet(delta);
    }

    void subscriptionsChanged(int delta) {
        subscriptions.addAndGet(delta);
    }

    void connectionsChanged(int delta) {
        connections.addAndGet(delta);
    }

    void delivered(int messages) {
        delivered.add(messages);
    }

    void unclaimedOne() {
        unclaimed.increment();
    }

    /** Clients subscribed to anything now. */
    public int subscribers() {
        return subscribers.get();
    }

    /** Channels, patterns and shard channels subscribed upstream now, once per event loop however many want each. */
    public int subscriptions() {
        return subscriptions.get();
    }

    /** Upstream subscriber connections open now. */
    public int connections() {
        return connections.get();
    }

    /** Messages written to subscribers (one per subscriber reached). */
    public long delivered() {
        return delivered.sum();
    }

    /** Messages that arrived for a name no client of that event loop subscribes to any more, and were dropped. */
    public long unclaimed() {
        return unclaimed.sum();
    }
}
