package io.slotway.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.ArrayDeque;

/**
 * Latencies in microseconds (1 µs to 1 h, 3 significant digits). Writers call {@link #record} from any thread,
 * wait-free. The sampler calls {@link #sample} once a second, folding what was recorded into the total since start
 * (for Prometheus) and into a window of the last {@value #WINDOW_SECONDS} seconds (for the dashboard's "p99 now").
 */
public final class LatencyHistogram {

    static final int WINDOW_SECONDS = 10;
    private static final long HIGHEST_MICROS = 3_600_000_000L;

    private final Recorder recorder = new Recorder(HIGHEST_MICROS, 3);
    private final Histogram total = new Histogram(HIGHEST_MICROS, 3);
    private final Histogram window = new Histogram(HIGHEST_MICROS, 3);
    private final ArrayDeque<Histogram> lastSeconds = new ArrayDeque<>();
    private Histogram interval;

    public void record(long nanos) {
        recorder.recordValue(Math.min(HIGHEST_MICROS, Math.max(1, nanos / 1_000)));
    }

    /**
     * Folds in what was recorded since the last sample and returns it (the caller may read it until the next
     * sample). Called from the sampler thread only.
     */
    synchronized Histogram sample() {
        interval = recorder.getIntervalHistogram(interval);
        fold(interval.copy());
        return interval;
    }

    /** Folds in one second made of other histograms' intervals (the all-commands histogram has no recorder). */
    synchronized void sampleFrom(Iterable<Histogram> intervals) {
        Histogram second = new Histogram(HIGHEST_MICROS, 3);
        intervals.forEach(second::add);
        fold(second);
    }

    private void fold(Histogram second) {
        total.add(second);
        lastSeconds.add(second);
        window.add(second);
        if (lastSeconds.size() > WINDOW_SECONDS) {
            window.subtract(lastSeconds.poll());
        }
    }

    /** A copy of everything recorded since start, as of the last sample. */
    public synchronized Histogram total() {
        return total.copy();
    }

    /** A copy of the last {@value #WINDOW_SECONDS} seconds, as of the last sample. */
    public synchronized Histogram recent() {
        return window.copy();
    }
}
