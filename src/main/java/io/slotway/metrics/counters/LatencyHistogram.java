package io.slotway.metrics.counters;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies in microseconds, 1 µs to 1 h, to 2 significant digits (1%; about 26 KB per histogram). Writers call
 * {@link #record} from any thread, wait-free and allocation-free. The sampler folds what was recorded into the
 * total since start once a second; the all-commands histogram also keeps the last {@value #WINDOW_SECONDS} seconds
 * ("p99 now"). Sampling reuses its histograms: nothing is allocated per second.
 */
public final class LatencyHistogram {

    static final int WINDOW_SECONDS = 10;
    private static final long HIGHEST_MICROS = 3_600_000_000L;
    private static final int DIGITS = 2;

    private final Recorder recorder;
    private final Histogram total = histogram();
    private Histogram interval;
    /** The last seconds, oldest overwritten first, and their sum; null unless windowed. */
    private final Histogram[] seconds;
    private final Histogram window;
    private int next;

    private LatencyHistogram(boolean recorded, boolean windowed) {
        this.recorder = recorded ? new Recorder(HIGHEST_MICROS, DIGITS) : null;
        this.seconds = windowed ? new Histogram[WINDOW_SECONDS] : null;
        this.window = windowed ? histogram() : null;
        if (windowed) {
            for (int i = 0; i < WINDOW_SECONDS; i++) {
                seconds[i] = histogram();
            }
        }
    }

    /** One command's latencies, recorded by the event loops. */
    static LatencyHistogram recorded() {
        return new LatencyHistogram(true, false);
    }

    /** Every command's latencies together, fed by {@link #sampleFrom}, with a window of recent seconds. */
    static LatencyHistogram aggregate() {
        return new LatencyHistogram(false, true);
    }

    private static Histogram histogram() {
        return new Histogram(HIGHEST_MICROS, DIGITS);
    }

    public void record(long nanos) {
        recorder.recordValue(Math.min(HIGHEST_MICROS, Math.max(1, nanos / 1_000)));
    }

    /**
     * Folds in what was recorded since the last sample and returns it (readable until the next sample).
     * Called from the sampler thread only.
     */
    synchronized Histogram sample() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return interval;
    }

    /** Folds in one second made of other histograms' intervals. Called from the sampler thread only. */
    synchronized void sampleFrom(Iterable<Histogram> intervals) {
        Histogram second = seconds[next];
        next = (next + 1) % WINDOW_SECONDS;
        window.subtract(second);
        second.reset();
        intervals.forEach(second::add);
        window.add(second);
        total.add(second);
    }

    /** A copy of everything recorded since start, as of the last sample. */
    public synchronized Histogram total() {
        return total.copy();
    }

    /** A copy of the last {@value #WINDOW_SECONDS} seconds, as of the last sample (aggregate only). */
    public synchronized Histogram recent() {
        return window.copy();
    }
}
