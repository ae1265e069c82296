package io.slotway.monitor;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import io.slotway.metrics.Metrics;
import io.slotway.session.Client;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One monitor's backlog: lines offered from any event loop, written on the monitor's own loop in batches. The bytes
 * not yet written are bounded: a monitor that falls {@code limit} behind is closed, as Redis closes a monitor past
 * its output buffer limit, rather than let the backlog grow without bound.
 */
final class MonitorFeed {

    /** Lines taken per task on the monitor's loop; more are left to the next task, so the loop serves others too. */
    private static final int LINES_PER_TASK = 4096;

    private final Client client;
    private final EventExecutor loop;
    private final long limit;
    private final Queue<byte[]> lines = new ConcurrentLinkedQueue<>();
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Past the limit, or no longer a monitor (RESET, gone): nothing more is queued or written. */
    private final AtomicBoolean over = new AtomicBoolean();

    MonitorFeed(Client client, long limit) {
        this.client = client;
        this.loop = client.services().loop();
        this.limit = limit;
    }

    Client client() {
        return client;
    }

    /** From any thread: queues {@code line}, or closes the monitor once its backlog is past the limit. */
    void offer(byte[] line) {
        if (over.get()) {
            return;
        }
        if (limit > 0 && backlog.addAndGet(line.length) > limit) {
            if (over.compareAndSet(false, true)) {
                run(this::overflowed);
            }
            return;
        }
        lines.add(line);
        if (scheduled.compareAndSet(false, true)) {
            run(this::write);
        }
    }

    /** The client left monitor mode (on its loop): lines still queued are dropped, never written after its RESET. */
    void close() {
        over.set(true);
        lines.clear();
    }

    /** On the monitor's loop; a loop already shut down (Slotway stopping) drops it, never the feeding client. */
    private void run(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException stopping) {
            over.set(true);
        }
    }

    private void write() {
        scheduled.set(false);
        if (over.get()) {
            return;
        }
        ByteBuf out = null;
        long bytes = 0;
        // Bounded by LINES_PER_TASK; what is left schedules another task.
        for (int i = 0; i < LINES_PER_TASK; i++) {
            byte[] line = lines.poll();
            if (line == null) {
                break;
            }
            out = out == null ? client.alloc().buffer() : out;
            out.writeBytes(line);
            bytes += line.length;
        }
        backlog.addAndGet(-bytes);
        if (out != null) {
            client.push(out, false);
        }
        if (!lines.isEmpty() && scheduled.compareAndSet(false, true)) {
            run(this::write);
        }
    }

    private void overflowed() {
        lines.clear();
        if (!(client.state().mode() instanceof Monitoring)) {
            // It left monitor mode meanwhile: nothing of it is behind any more.
            return;
        }
        client.metrics().clientLimit(Metrics.ClientLimit.PUBSUB_OUTPUT_BUFFER);
        client.kill();
    }
}
