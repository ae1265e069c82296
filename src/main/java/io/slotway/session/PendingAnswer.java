package io.slotway.session;

import io.netty.buffer.ByteBuf;

/**
 * An answer Slotway gives a client later (a subscription the node has yet to confirm), in its place among the
 * client's replies: what comes after it waits for it. Ended exactly once, by {@link #answer} or {@link #fail}; past
 * its deadline the client has had a timeout error instead, and what comes later is dropped.
 */
public interface PendingAnswer {

    /** Ownership of {@code reply} passes to the client. */
    void answer(ByteBuf reply);

    /** {@code error} is an error line's text. */
    void fail(String error);

    /** Whether the client already has an answer in its place (its deadline passed, or it left). */
    boolean isAnswered();
}
