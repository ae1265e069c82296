package io.slotway.metrics.counters;

import io.slotway.metrics.NodeMetrics;

import java.util.concurrent.atomic.AtomicInteger;

/** How the requests sent to one upstream node ended. */
public final class NodeCounters implements NodeMetrics {

    private final String upstream;
    private final String node;
    private final EnumCounters<Result> results = new EnumCounters<>(Result.class);
    private final AtomicInteger connections = new AtomicInteger();
    private final EnumCounters<Dedicated> dedicated = new EnumCounters<>(Dedicated.class);
    private final AtomicInteger dedicatedInUse = new AtomicInteger();
    private final AtomicInteger dedicatedIdle = new AtomicInteger();

    NodeCounters(String upstream, String node) {
        this.upstream = upstream;
        this.node = node;
    }

    @Override
    public void count(Result result) {
        results.increment(result);
    }

    public long total(Result result) {
        return results.sum(result);
    }

    @Override
    public void connectionOpened() {
        connections.incrementAndGet();
    }

    @Override
    public void connectionClosed() {
        connections.decrementAndGet();
    }

    /** Logged-in connections to this node, over every event loop. */
    public int connections() {
        return connections.get();
    }

    @Override
    public void dedicated(Dedicated event) {
        dedicated.increment(event);
    }

    public long total(Dedicated event) {
        return dedicated.sum(event);
    }

    @Override
    public void dedicatedChanged(int inUse, int idle) {
        if (inUse != 0) {
            dedicatedInUse.addAndGet(inUse);
        }
        if (idle != 0) {
            dedicatedIdle.addAndGet(idle);
        }
    }

    /** Dedicated connections lent to clients now, over every event loop. */
    public int dedicatedInUse() {
        return dedicatedInUse.get();
    }

    /** Dedicated connections open and waiting in a pool for their next client. */
    public int dedicatedIdle() {
        return dedicatedIdle.get();
    }

    public String upstream() {
        return upstream;
    }

    public String node() {
        return node;
    }
}
