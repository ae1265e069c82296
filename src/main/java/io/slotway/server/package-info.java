/** The process and its event loops: bootstrap, transports, per-loop workers, reloads, drain and signals. */
package io.slotway.server;
