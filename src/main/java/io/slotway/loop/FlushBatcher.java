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

    /** Something that flushes its channel itself, and may decide to wait for a little more to write first. */
    public interface Flushable {
        void flush();
    }

    private final EventLoop loop;
    private final List<Channel> dirty = new ArrayList<>();
    private final List<Flushable> dirtyFlushables = new ArrayList<>();
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

    /** Has {@code flushable} flush at the end of this loop iteration; it asks once per iteration itself. */
    public void flushLater(Flushable flushable) {
        dirtyFlushables.add(flushable);
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
        for (int i = 0; i < dirtyFlushables.size(); i++) {
            dirtyFlushables.get(i).flush();
        }
        dirtyFlushables.clear();
    }
}
