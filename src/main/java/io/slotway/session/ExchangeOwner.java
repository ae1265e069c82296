package io.slotway.session;

import io.netty.buffer.ByteBufAllocator;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;

/** What an exchange reports to: the client whose request it carries. Keeps exchanges free of the Netty handler. */
interface ExchangeOwner {

    ByteBufAllocator alloc();

    /** The exchange reached its deadline before {@code upstream} (at {@code node}, null for several) answered. */
    void timedOut(Upstream upstream, UpstreamNode node);

    /** The exchange got its answer {@code nanos} after the request arrived. */
    void finished(Exchange exchange, long nanos);

    /** An answer exists: write every reply now ready, in request order. */
    void deliver();
}
