package io.slotway.metrics;

/** Counters of one configured upstream, and of each node it has sent requests to. */
public interface UpstreamMetrics {

    /** What became of one copy for this upstream as a mirror: sent, dropped at the pending limit, or failed. */
    enum MirrorResult {
        SENT, DROPPED, FAILED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

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

    /** A copy of a command for this upstream as a mirror was sent, dropped or failed. */
    default void mirror(MirrorResult result) {
    }
}
