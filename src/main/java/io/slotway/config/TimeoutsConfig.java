package io.slotway.config;

import java.time.Duration;

/** Upstream connect timeout, the deadline of each request, and the longer one of requests sent to every shard. */
public record TimeoutsConfig(Duration connect, Duration command, Duration fanout) {

    public static final TimeoutsConfig DEFAULTS =
            new TimeoutsConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(10));

    /** Read per request: plain arithmetic on the record's fields, no map lookup. */
    public long commandNanos() {
        return command.toNanos();
    }

    public long fanoutNanos() {
        return fanout.toNanos();
    }
}
