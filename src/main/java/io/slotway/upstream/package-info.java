/** Connections to Redis nodes: pipelined FIFO reply matching, handshakes, per-loop pools, backoff, topologies. */
package io.slotway.upstream;
