/** Connections to Redis nodes: pipelined FIFO reply matching, handshakes, per-event-loop pools, reconnect backoff. */
package io.slotway.upstream;
