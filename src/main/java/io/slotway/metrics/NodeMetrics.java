package io.slotway.metrics;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

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
    private final EnumCounters<Result> results = new EnumCounters<>(Result.class);
    private final AtomicInteger connections = new AtomicInteger();

    NodeMetrics(String upstream, String node) {
        this.upstream = upstream;
        this.node = node;
    }

    public void count(Result result) {
        results.increment(result);
    }

    public long total(Result result) {
        return results.sum(result);
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
