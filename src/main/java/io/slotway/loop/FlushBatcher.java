package io.slotway.loop;

import io.netty.channel.EventLoop;

import java.util.ArrayList;
import java.util.List;

/**
 * Batches flushes: connections that were written to during one event-loop iteration are flushed once, by a task
 * that runs after the loop has processed all ready I/O. One read burst from many clients becomes one write per
 * upstream.
 * Only used from its event loop.
 */
public final class FlushBatcher implements Runnable {

    /** Something that flushes its channel itself, and may decide to wait for a little more to write first. */
    public interface Flushable {
        void flush();
    }

    private final EventLoop loop;
    private final List<Flushable> dirtyFlushables = new ArrayList<>();
    private boolean scheduled;

    public FlushBatcher(EventLoop loop) {
        this.loop = loop;
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
        // Bounded by the connections marked during the iteration; flushing does not add more.
        for (int i = 0; i < dirtyFlushables.size(); i++) {
            dirtyFlushables.get(i).flush();
        }
        dirtyFlushables.clear();
    }
}
