package io.slotway.config;

/** Bounds on what one client may send and have outstanding, and on merged fan-out replies. */
public record LimitsConfig(int maxBulkLength, int maxArrayLength, int maxInlineLength, int maxPendingRequests,
                           long maxFanoutReplyBytes) {
}
