package io.slotway.metrics.counters;

import java.util.concurrent.atomic.LongAdder;

/** One striped counter per constant of {@code E}: cheap to bump from any event loop, summed when read. */
final class EnumCounters<E extends Enum<E>> {

    private final LongAdder[] counters;

    EnumCounters(Class<E> type) {
        counters = new LongAdder[type.getEnumConstants().length];
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new LongAdder();
        }
    }

    void increment(E key) {
        counters[key.ordinal()].increment();
    }

    long sum(E key) {
        return counters[key.ordinal()].sum();
    }
}
