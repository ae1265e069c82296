package io.slotway.metrics;

import java.time.Instant;

/** A request still waiting for its answer; {@code key} (truncated) and {@code node} may be null. */
public record InflightRequest(Instant started, long ageNanos, String client, String command, String key,
                              String node) {
}
