package io.slotway.session;

import io.netty.buffer.ByteBufAllocator;
import io.slotway.loop.LoopServices;
import io.slotway.metrics.Metrics;
import io.slotway.protocol.Request;
import io.slotway.upstream.NodePool;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;

/** What a client's {@link DedicatedLane} needs of the client it serves: its loop, its reply order, its handler. */
interface LaneHost {

    LoopServices services();

    Metrics metrics();

    ByteBufAllocator alloc();

    ClientState state();

    /** How many dedicated connections this loop may open per node (limits.dedicated_connections_per_node). */
    int dedicatedPerNode();

    /** Whether every request before {@code exchange} has its answer. */
    boolean answeredBefore(Exchange exchange);

    /** {@code held} requests wait behind a barrier (reading pauses at the client's pending limit). */
    void heldChanged(int held);

    /** No more requests are handled (QUIT, a protocol error, the client gone). */
    boolean isClosing();

    /** Hands a held request to the serving generation's handler. */
    void dispatch(Request request);

    /** This loop's connections to {@code node} in the client's database. */
    NodePool poolFor(UpstreamNode node, Upstream upstream);
}
