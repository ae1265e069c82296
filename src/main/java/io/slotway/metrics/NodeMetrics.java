package io.slotway.metrics;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** How the requests sent to one upstream node ended. */
public final class NodeMetrics {

    /** Request outcomes as the {@code result} label names them. */
    public enum Result {
        OK, ERROR, TIMEOUT, CONNECTION_LOST, BUSY;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String upstream;
    private final String node;
    private final LongAdder[] results = new LongAdder[Result.values().length];
    private final AtomicInteger connections = new AtomicInteger();

    NodeMetrics(String upstream, String node) {
        this.upstream = upstream;
        this.node = node;
        for (int i = 0; i < results.length; i++) {
            results[i] = new LongAdder();
        }
    }

    public void count(Result result) {
        results[result.ordinal()].increment();
    }

    public long total(Result result) {
        return results[result.ordinal()].sum();
    }

    public void connectionOpened() {
        connections.incrementAndGet();
    }

    public void connectionClosed() {
        connections.decrementAndGet();
    }

    /** Logged-in connections to this node, over every event loop. */
    public int connections() {
        return connections.get();
    }

    public String upstream() {
        return upstream;
    }

    public String node() {
        return node;
    }
}
