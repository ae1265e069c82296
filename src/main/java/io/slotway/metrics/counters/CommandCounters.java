package io.slotway.metrics.counters;

import io.slotway.metrics.CommandMetrics;

import java.util.concurrent.atomic.LongAdder;

/** Calls, errors and latency of one command (a subcommand counts as {@code container|sub}). */
public final class CommandCounters implements CommandMetrics {

    private final String name;
    private final LongAdder ok = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder denied = new LongAdder();
    private final LongAdder errorFaults = new LongAdder();
    private final LongAdder delayFaults = new LongAdder();
    private final LatencyHistogram latency = LatencyHistogram.recorded();

    CommandCounters(String name) {
        this.name = name;
    }

    /** Hot path: one answered request, from its arrival to its reply being ready. */
    @Override
    public void record(long nanos, boolean error) {
        (error ? errors : ok).increment();
        latency.record(nanos);
    }

    /** Refused by {@code commands.deny} (its error reply counts as an error too). */
    @Override
    public void deny() {
        denied.increment();
    }

    @Override
    public void fault(boolean delay) {
        (delay ? delayFaults : errorFaults).increment();
    }

    /** Faults injected into this command: delays, or errors. */
    public long faults(boolean delay) {
        return (delay ? delayFaults : errorFaults).sum();
    }

    public long denied() {
        return denied.sum();
    }

    @Override
    public String name() {
        return name;
    }

    public long ok() {
        return ok.sum();
    }

    public long errors() {
        return errors.sum();
    }

    public LatencyHistogram latency() {
        return latency;
    }
}
