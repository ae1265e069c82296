package io.slotway.metrics;

/** What the event loops report to: the counters, the slow log, and when a request counts as long-running. */
public record Telemetry(Metrics metrics, SlowLog slowLog, long longRunningNanos) {
}
