package io.slotway.metrics;

import java.time.Instant;

/**
 * A request still waiting for its answer; {@code key} (truncated) and {@code node} may be null. {@code blocked}: a
 * blocking command (BLPOP, ...) waiting as long as it asked to, not a stuck one.
 */
public record InflightRequest(Instant started, long ageNanos, String client, String command, String key,
                              String node, boolean blocked) {
}
