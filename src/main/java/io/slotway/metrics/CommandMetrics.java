package io.slotway.metrics;

/** Calls, errors and latency of one command (a subcommand counts as {@code container|sub}). */
public interface CommandMetrics {

    /** Records nothing; its name is {@code ?}. */
    CommandMetrics NONE = () -> "?";

    /** The command's table name, for reports. */
    String name();

    /** Hot path: one answered request, from its arrival to its reply being ready. */
    default void record(long nanos, boolean error) {
    }

    /** Refused by {@code commands.deny} (its error reply counts as an error too). */
    default void deny() {
    }

    /** Fault injection gave it an error ({@code delay} false; its reply counts as an error too) or a delay. */
    default void fault(boolean delay) {
    }
}
