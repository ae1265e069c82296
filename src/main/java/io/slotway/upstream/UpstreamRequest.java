package io.slotway.upstream;

import io.netty.buffer.ByteBuf;

/**
 * What a node connection carries: bytes to send, and where the one reply they produce goes. Every request handed
 * to a connection or pool is ended exactly once, by {@link #complete} or {@link #fail}, even when nobody wants the
 * answer any more, so pooled requests know when the connection is done with them.
 */
public interface UpstreamRequest {

    /** The complete RESP command; the connection writes a retained duplicate and leaves this buffer as it is. */
    ByteBuf frame();

    /** The reply arrived (the last one, for a unit); ownership of {@code reply} passes to the callee. */
    void complete(ByteBuf reply);

    /**
     * How many replies the frame produces: 1 for a command, more for commands sent as one unit (ASKING before the
     * command it is for). A unit is accepted, refused or dropped whole, so no part of it runs alone.
     */
    default int replyCount() {
        return 1;
    }

    /** One of the replies before the last, in order; ownership of {@code reply} passes to the callee. */
    default void leadingReply(ByteBuf reply) {
        reply.release();
    }

    /** The unit is sent again from its start (it ran nothing: a transaction aborted by a moved slot). */
    default void unitRestarted() {
    }

    /** One of the replies before the last was too large to hold ({@link #acceptsReply}) and was dropped. */
    default void leadingDropped() {
    }

    /**
     * On a subscriber connection, where the node also sends frames nobody asked for: whether {@code frame} is this
     * request's reply (else it goes to the connection's push listener). Always true elsewhere.
     */
    default boolean claims(ByteBuf frame) {
        return true;
    }

    /** No reply will come (connection lost, refused, handshake failed); {@code error} is an error line's text. */
    void fail(String error);

    /**
     * Whether a reply of which {@code partialBytes} have arrived may still be held. Asked only of large replies
     * while they arrive; on false the reply is dropped as it comes in and {@link #fail} is called when it ends.
     */
    default boolean acceptsReply(long partialBytes) {
        return true;
    }

    /**
     * True once nobody wants the reply any more (its deadline passed, its client left): a connection does not send
     * it if it has not yet, and drops a large reply while it arrives; it still ends the request.
     */
    boolean isAbandoned();
}
