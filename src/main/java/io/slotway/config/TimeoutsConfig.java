package io.slotway.config;

import java.time.Duration;

/**
 * Upstream connect timeout, the deadline of each request, the longer one of requests sent to every shard, and how
 * long a client waits for a dedicated connection when every one is lent.
 */
public record TimeoutsConfig(Duration connect, Duration command, Duration fanout, Duration dedicatedAcquire) {

    public static final TimeoutsConfig DEFAULTS = new TimeoutsConfig(Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofSeconds(10), Duration.ofSeconds(1));

    /** Read per request: plain arithmetic on the record's fields, no map lookup. */
    public long commandNanos() {
        return command.toNanos();
    }

    public long fanoutNanos() {
        return fanout.toNanos();
    }

    public long dedicatedAcquireNanos() {
        return dedicatedAcquire.toNanos();
    }
}
