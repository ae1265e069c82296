package io.slotway.metrics;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The last commands that took longer than the slow threshold, newest first, like Redis's SLOWLOG. Only slow
 * commands reach it, so a lock is cheap here; thread-safe.
 */
public final class SlowLog {

    /** One slow command; {@code key} (truncated) and {@code node} may be null. */
    public record Entry(Instant time, String client, String command, String key, String node, long nanos) {
    }

    private final long thresholdNanos;
    private final int capacity;
    private final ArrayDeque<Entry> entries;

    public SlowLog(long thresholdNanos, int capacity) {
        this.thresholdNanos = thresholdNanos;
        this.capacity = capacity;
        this.entries = new ArrayDeque<>(capacity);
    }

    /** Hot path: a comparison, unless the command was slow. */
    public boolean isSlow(long nanos) {
        return nanos >= thresholdNanos;
    }

    public long thresholdNanos() {
        return thresholdNanos;
    }

    public synchronized void add(Entry entry) {
        if (entries.size() == capacity) {
            entries.pollLast();
        }
        entries.addFirst(entry);
    }

    public synchronized List<Entry> entries() {
        return new ArrayList<>(entries);
    }
}
