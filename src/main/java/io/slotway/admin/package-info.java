/**
 * The admin HTTP API: health and readiness for orchestrators, Prometheus metrics, JSON reports (stats, topology,
 * effective config, slow log, long-running requests), drain, and the live dashboard. It runs on its own thread,
 * so a slow scrape or a busy dashboard never touches the event loops.
 */
package io.slotway.admin;
