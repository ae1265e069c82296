package io.slotway.metrics;

/** Counters of one configured upstream, and of each node it has sent requests to. */
public interface UpstreamMetrics {

    /** Records nothing. */
    UpstreamMetrics NONE = new UpstreamMetrics() {
    };

    /** The node's counters; a cluster's nodes appear as the slot map names them. */
    default NodeMetrics node(String address) {
        return NodeMetrics.NONE;
    }

    /** A client request that reached its deadline before this upstream answered. */
    default void timeout() {
    }

    /** A cluster node answered {@code -ASK} ({@code isAsk}) or {@code -MOVED}, and the request followed it. */
    default void redirect(boolean isAsk) {
    }

    /** One request was sent to {@code parts} shards. */
    default void fanout(int parts) {
    }

    /** A slot map read succeeded ({@code ok}) or failed. */
    default void refresh(boolean ok) {
    }
}
