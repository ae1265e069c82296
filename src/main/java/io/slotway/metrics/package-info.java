/**
 * What the hot path records, as interfaces whose methods default to no-ops, plus the slow log and the long-running
 * report; the counting backend that reports read is {@code metrics.counters}.
 */
package io.slotway.metrics;
