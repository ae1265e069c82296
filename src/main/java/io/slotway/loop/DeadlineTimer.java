package io.slotway.loop;

import io.netty.channel.EventLoop;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's deadlines, grouped by timeout (a handful of distinct values: command, fan-out, connect).
 * A single scheduled task wakes at the earliest deadline; under steady traffic it fires about once per timeout,
 * not once per request. Only used from its event loop.
 */
public final class DeadlineTimer implements Runnable {

    private final EventLoop loop;
    private final Runnable afterExpiry;
    private DeadlineQueue[] queues = new DeadlineQueue[0];
    /** Deadlines of arbitrary timeouts (a blocking command's own), kept sorted on insertion. */
    private final DeadlineQueue anyTimeout = new DeadlineQueue(-1);
    /** When the scheduled task will run, or Long.MAX_VALUE if none is scheduled. */
    private long wakeAt = Long.MAX_VALUE;

    /** {@code afterExpiry} runs after a batch of expirations (e.g. to flush the error replies they wrote). */
    public DeadlineTimer(EventLoop loop, Runnable afterExpiry) {
        this.loop = loop;
        this.afterExpiry = afterExpiry;
    }

    public void arm(Deadline deadline, Duration timeout) {
        arm(deadline, timeout.toNanos());
    }

    public void arm(Deadline deadline, long timeoutNanos) {
        armFrom(deadline, timeoutNanos, System.nanoTime());
    }

    /**
     * As {@link #arm}, timed from {@code now}: a reading of the clock the caller took moments ago (when the command
     * started), which spares a request one of its reads of the clock.
     */
    public void armFrom(Deadline deadline, long timeoutNanos, long now) {
        deadline.disarm();
        queue(timeoutNanos).append(deadline, now);
        long at = deadline.deadlineNanos;
        if (wakeAt == Long.MAX_VALUE || at - wakeAt < 0) {
            schedule(at, now);
        }
    }

    /**
     * Arms a deadline whose timeout is not one of the loop's few fixed ones (a client's own BLPOP timeout): inserted
     * in order, scanning from the latest, so it costs more than {@link #arm} and creates no queue per value.
     */
    public void armAnyTimeout(Deadline deadline, long timeoutNanos) {
        deadline.disarm();
        long now = System.nanoTime();
        anyTimeout.insertSorted(deadline, now + timeoutNanos);
        long at = deadline.deadlineNanos;
        if (wakeAt == Long.MAX_VALUE || at - wakeAt < 0) {
            schedule(at, now);
        }
    }

    private DeadlineQueue queue(long timeoutNanos) {
        for (DeadlineQueue queue : queues) {
            if (queue.timeoutNanos == timeoutNanos) {
                return queue;
            }
        }
        DeadlineQueue[] grown = java.util.Arrays.copyOf(queues, queues.length + 1);
        grown[queues.length] = new DeadlineQueue(timeoutNanos);
        queues = grown;
        return grown[queues.length - 1];
    }

    private void schedule(long at, long now) {
        wakeAt = at;
        loop.schedule(this, Math.max(0, at - now), TimeUnit.NANOSECONDS);
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        if (wakeAt != Long.MAX_VALUE && wakeAt - now > 0) {
            // A stale wake-up: an earlier-scheduled task already moved the wake time on.
            return;
        }
        // Cleared first: a deadline armed by an expiry (a held request dispatched) schedules its own wake-up.
        wakeAt = Long.MAX_VALUE;
        long next = Long.MAX_VALUE;
        boolean any = false;
        for (int i = 0; i <= queues.length; i++) {
            DeadlineQueue queue = i < queues.length ? queues[i] : anyTimeout;
            boolean had = !queue.isEmpty();
            long queueNext = queue.expire(now);
            any |= had;
            if (queueNext != Long.MAX_VALUE && (next == Long.MAX_VALUE || queueNext - next < 0)) {
                next = queueNext;
            }
        }
        if (next != Long.MAX_VALUE && (wakeAt == Long.MAX_VALUE || next - wakeAt < 0)) {
            schedule(next, now);
        }
        if (any) {
            afterExpiry.run();
        }
    }
}
