package io.slotway.keyspace;

import io.netty.buffer.ByteBuf;

/** A key hash over a buffer range, as an unsigned 32-bit value in an int; allocates nothing. */
@FunctionalInterface
public interface KeyHash {

    int hash(ByteBuf key, int offset, int length);
}
