/** The admin HTTP API on its own thread: health, readiness, Prometheus, JSON reports, drain, reload, dashboard. */
package io.slotway.admin;
