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

    default void count(Result result) {
    }

    default void connectionOpened() {
    }

    default void connectionClosed() {
    }
}
