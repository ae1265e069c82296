/** Sends requests over shared pooled connections: to the shard of their keys, split per shard, or to every shard. */
package io.slotway.forward;
