package io.slotway.session;

import io.netty.buffer.ByteBuf;

/** How an exchange on a dedicated connection (or behind a barrier) tells its client's lane how it ended. */
interface LaneCallbacks {

    /** The node answered; true when the lane sends the request again instead (its keys moved). */
    boolean replied(Exchange exchange, ByteBuf reply);

    /** The connection failed the request, or it was refused before it was sent. */
    void failed(Exchange exchange);

    /** Slotway answered it (deadline, drain) while the node may still be working on it. */
    void interrupted(Exchange exchange);
}
