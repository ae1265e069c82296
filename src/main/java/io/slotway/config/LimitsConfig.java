package io.slotway.config;

import java.time.Duration;

/**
 * Bounds on clients: how many, what one may send and have outstanding (requests, and reply bytes before reading
 * pauses), how much unread output closes it, how long it may idle; on merged fan-out replies; and on the
 * connections each event loop may lend to single clients (WATCH, blocking commands) per node; and the unread
 * messages a subscriber may have before it is closed (Redis's {@code client-output-buffer-limit pubsub 32mb 8mb 60}:
 * at once past the hard limit, or past the soft one for its time); and the keys an event loop remembers for clients
 * that cache (CLIENT TRACKING) per upstream before the oldest is invalidated (Redis's {@code tracking-table-max-keys});
 * and the copies an event loop has sent to one mirror and not yet had answered, past which more are dropped.
 */
public record LimitsConfig(int maxBulkLength, int maxArrayLength, int maxInlineLength, int maxPendingRequests,
                           long maxFanoutReplyBytes, int maxClients, int maxPendingReplyBytes,
                           long clientOutputBuffer, Duration clientIdleTimeout, int dedicatedConnectionsPerNode,
                           long pubsubOutputBuffer, long pubsubOutputBufferSoft, Duration pubsubOutputBufferSoftTime,
                           int trackingTableMaxKeys, int mirrorPendingRequests) {

    public static final LimitsConfig DEFAULTS = new LimitsConfig(512 << 20, 1 << 20, 64 << 10, 10_000, 64L << 20,
            10_000, 1 << 20, 1L << 30, Duration.ZERO, 256, 32L << 20, 8L << 20, Duration.ofSeconds(60), 1_000_000,
            10_000);
}
