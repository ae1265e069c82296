package io.slotway.loop;

/**
 * Deadlines that all share one timeout, so appending keeps them sorted: arming is O(1), and only the head ever
 * needs checking. Only used from its event loop.
 */
final class DeadlineQueue {

    final long timeoutNanos;
    private Deadline head;
    private Deadline tail;

    DeadlineQueue(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    /** Never earlier than the last one: a {@code now} read moments before another append's keeps the order. */
    void append(Deadline deadline, long now) {
        long at = now + timeoutNanos;
        deadline.deadlineNanos = tail != null && tail.deadlineNanos - at > 0 ? tail.deadlineNanos : at;
        deadline.queue = this;
        deadline.previous = tail;
        deadline.next = null;
        if (tail == null) {
            head = deadline;
        } else {
            tail.next = deadline;
        }
        tail = deadline;
    }

    /** Inserts {@code deadline} due at {@code at} in order; scans from the latest, where most new ones belong. */
    void insertSorted(Deadline deadline, long at) {
        deadline.deadlineNanos = at;
        deadline.queue = this;
        Deadline after = tail;
        // Bounded by the queue's length.
        while (after != null && after.deadlineNanos - at > 0) {
            after = after.previous;
        }
        deadline.previous = after;
        deadline.next = after == null ? head : after.next;
        if (after == null) {
            head = deadline;
        } else {
            after.next = deadline;
        }
        if (deadline.next == null) {
            tail = deadline;
        } else {
            deadline.next.previous = deadline;
        }
    }

    void unlink(Deadline deadline) {
        if (deadline.previous == null) {
            head = deadline.next;
        } else {
            deadline.previous.next = deadline.next;
        }
        if (deadline.next == null) {
            tail = deadline.previous;
        } else {
            deadline.next.previous = deadline.previous;
        }
        deadline.previous = null;
        deadline.next = null;
        deadline.queue = null;
    }

    /** Expires every deadline at or before {@code now}; returns the next deadline, or Long.MAX_VALUE if none. */
    long expire(long now) {
        // Bounded by the queue's length: anything expired() arms here is due later than now.
        while (head != null && head.deadlineNanos - now <= 0) {
            Deadline expired = head;
            unlink(expired);
            expired.expired();
        }
        return head == null ? Long.MAX_VALUE : head.deadlineNanos;
    }

    boolean isEmpty() {
        return head == null;
    }
}
