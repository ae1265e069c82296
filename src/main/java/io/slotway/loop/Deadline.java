package io.slotway.loop;

/**
 * Something that must be finished by a point in time; linked intrusively into a {@link DeadlineQueue} so that
 * arming and disarming a deadline allocates nothing.
 */
public abstract class Deadline {

    Deadline previous;
    Deadline next;
    DeadlineQueue queue;
    long deadlineNanos;

    /** Called on the event loop once the deadline passes while still armed. */
    protected abstract void expired();

    public final boolean isArmed() {
        return queue != null;
    }

    public final long deadlineNanos() {
        return deadlineNanos;
    }

    /** Disarms the deadline (the work finished in time). Safe to call when not armed. */
    public final void disarm() {
        if (queue != null) {
            queue.unlink(this);
        }
    }
}
