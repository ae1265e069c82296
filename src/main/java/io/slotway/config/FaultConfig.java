package io.slotway.config;

import java.time.Duration;
import java.util.List;

/**
 * One entry of {@code faults}, as Envoy's RedisFault: a share of the matching commands answered with an error, or
 * answered late.
 *
 * @param fraction of matching commands, 0 to 1
 * @param delay    how late a delay fault answers; zero for error faults
 * @param commands the commands it applies to (table names); empty: every command but AUTH and PING
 */
public record FaultConfig(Type type, double fraction, Duration delay, List<String> commands) {

    public enum Type { ERROR, DELAY }

    public FaultConfig {
        commands = List.copyOf(commands);
    }
}
