package io.slotway.loop;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

import java.util.ArrayList;
import java.util.List;

/**
 * Batches flushes: channels that were written to during one event-loop iteration are flushed once, by a task that
 * runs after the loop has processed all ready I/O. One read burst from many clients becomes one write per upstream.
 * Only used from its event loop.
 */
public final class FlushBatcher implements Runnable {

    private final EventLoop loop;
    private final List<Channel> dirty = new ArrayList<>();
    private boolean scheduled;

    public FlushBatcher(EventLoop loop) {
        this.loop = loop;
    }

    /** Flushes {@code channel} at the end of this loop iteration. Duplicates are harmless. */
    public void flushLater(Channel channel) {
        dirty.add(channel);
        if (!scheduled) {
            scheduled = true;
            loop.execute(this);
        }
    }

    @Override
    public void run() {
        scheduled = false;
        // Bounded by the channels marked during the iteration; flushing does not add more.
        for (int i = 0; i < dirty.size(); i++) {
            dirty.get(i).flush();
        }
        dirty.clear();
    }
}
