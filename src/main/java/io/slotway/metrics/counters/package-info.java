/** The counting backend of {@code metrics}: striped counters and HdrHistogram latencies that reports read. */
package io.slotway.metrics.counters;
