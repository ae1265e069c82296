package io.slotway.upstream;

import io.netty.buffer.ByteBuf;

/**
 * Told what a subscriber connection receives without having asked: published messages, and unsubscriptions the node
 * makes itself (a shard channel whose slot moved away). Used only from the connection's event loop.
 */
public interface PushListener {

    /** A frame no request waits for; ownership of {@code frame} passes to the callee. */
    void pushed(ByteBuf frame);

    /** The connection is gone, and every subscription on it with it. */
    void lost(String cause);
}
