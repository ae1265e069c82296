package io.slotway.session;

import io.netty.buffer.ByteBufAllocator;
import io.slotway.loop.LoopServices;

/** What an exchange reports to: the client whose request it carries. Keeps exchanges free of the Netty handler. */
interface ExchangeOwner {

    ByteBufAllocator alloc();

    /** Where timeouts and slow answers are counted and logged. */
    ExchangeReports reports();

    /** The client's event loop's timers. */
    LoopServices services();

    /** An answer exists: write every reply now ready, in request order. */
    void deliver();
}
