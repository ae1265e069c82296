package io.slotway.loop;

import io.netty.channel.EventLoop;

/** What every channel handler on one event loop shares: the loop, its flush batcher and its deadline timer. */
public record LoopServices(EventLoop loop, FlushBatcher flusher, DeadlineTimer deadlines) {

    public static LoopServices create(EventLoop loop) {
        FlushBatcher flusher = new FlushBatcher(loop);
        // Expired requests write error replies; the batcher flushes them with everything else this iteration.
        return new LoopServices(loop, flusher, new DeadlineTimer(loop, () -> { }));
    }
}
