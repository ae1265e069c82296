package io.slotway.config;

import java.time.Duration;

/**
 * Bounds on clients: how many, what one may send and have outstanding (requests, and reply bytes before reading
 * pauses), how much unread output closes it, how long it may idle; on merged fan-out replies; and on the
 * connections each event loop may lend to single clients (WATCH, blocking commands) per node.
 */
public record LimitsConfig(int maxBulkLength, int maxArrayLength, int maxInlineLength, int maxPendingRequests,
                           long maxFanoutReplyBytes, int maxClients, int maxPendingReplyBytes,
                           long clientOutputBuffer, Duration clientIdleTimeout, int dedicatedConnectionsPerNode) {

    public static final LimitsConfig DEFAULTS = new LimitsConfig(512 << 20, 1 << 20, 64 << 10, 10_000, 64L << 20,
            10_000, 1 << 20, 1L << 30, Duration.ZERO, 256);
}
