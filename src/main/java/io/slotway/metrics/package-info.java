/** What the hot path records, as interfaces with no-op defaults, plus the slow log; counters/ is the backend. */
package io.slotway.metrics;
