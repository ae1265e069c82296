package io.slotway.upstream;

import io.netty.buffer.ByteBuf;

/** What a node connection carries: bytes to send, and where the one reply they produce goes. */
public interface UpstreamRequest {

    /** The complete RESP command; the connection writes a retained duplicate and leaves this buffer as it is. */
    ByteBuf frame();

    /** The reply arrived; ownership of {@code reply} passes to the callee. */
    void complete(ByteBuf reply);

    /** No reply will come (connection lost, refused, handshake failed); {@code error} is an error line's text. */
    void fail(String error);

    /** True once nobody wants the reply any more (its deadline passed): the reply is dropped when it arrives. */
    boolean isAbandoned();
}
