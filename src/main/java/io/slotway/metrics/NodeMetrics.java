package io.slotway.metrics;

import java.util.Locale;

/** How the requests sent to one upstream node ended, and its open connections. */
public interface NodeMetrics {

    /** Records nothing. */
    NodeMetrics NONE = new NodeMetrics() {
    };

    /** Request outcomes as the {@code result} label names them. */
    enum Result {
        OK, ERROR, TIMEOUT, CONNECTION_LOST, BUSY;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What happened to a request for a dedicated connection (WATCH, blocking commands). */
    enum Dedicated {
        /** A new dedicated connection was opened. */
        OPENED,
        /** Every dedicated connection was in use: the client waited for one. */
        WAITED,
        /** None came free within timeouts.dedicated_acquire: the client got the limit error. */
        REFUSED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    default void count(Result result) {
    }

    default void connectionOpened() {
    }

    default void connectionClosed() {
    }

    default void dedicated(Dedicated event) {
    }

    /** Dedicated connections lent to a client now changed by {@code inUse}, and those idle in a pool by {@code idle}. */
    default void dedicatedChanged(int inUse, int idle) {
    }
}
