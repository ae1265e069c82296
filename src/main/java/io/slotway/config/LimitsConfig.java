package io.slotway.config;

/** Bounds on what one client may send and have outstanding. */
public record LimitsConfig(int maxBulkLength, int maxArrayLength, int maxInlineLength, int maxPendingRequests) {
}
