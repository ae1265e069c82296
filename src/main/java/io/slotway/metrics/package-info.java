/**
 * What Slotway counts and measures. The event loops record into striped counters and HdrHistogram recorders
 * (a few nanoseconds, no locks, nothing allocated); a sampler thread folds the recorders into readable histograms
 * once a second, so reports and Prometheus scrapes read finished numbers and never slow the hot path.
 */
package io.slotway.metrics;
