package io.slotway.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** faults: Envoy's RedisFault as config, checked so that one draw per command can honour every share. */
class FaultsBinderTest {

    private static final String BASE = """
            listen: 127.0.0.1:6380
            upstreams:
              main: {mode: standalone, nodes: ["127.0.0.1:6379"]}
            routes:
              default: main
            """;

    private static List<String> problems(String faults) {
        try {
            ConfigLoader.parse(BASE + faults, "test");
        } catch (ConfigException e) {
            return e.problems();
        }
        return fail("expected problems with:\n" + faults);
    }

    @Test
    void faultsAreOffUnlessConfigured() throws ConfigException {
        assertThat(ConfigLoader.parse(BASE, "test").faults()).isEmpty();
    }

    @Test
    void errorAndDelayFaultsBind() throws ConfigException {
        List<FaultConfig> faults = ConfigLoader.parse(BASE + """
                faults:
                  - {type: error, fraction: 0.1, commands: [GET, "config set"]}
                  - {type: delay, fraction: 0.5, delay: 50ms}
                """, "test").faults();
        assertThat(faults).containsExactly(
                new FaultConfig(FaultConfig.Type.ERROR, 0.1, Duration.ZERO, List.of("get", "config|set")),
                new FaultConfig(FaultConfig.Type.DELAY, 0.5, Duration.ofMillis(50), List.of()));
    }

    @Test
    void badFieldsAreErrorsWithTheirPath() {
        assertThat(problems("""
                faults:
                  - {type: crash, fraction: 2}
                  - {type: delay, fraction: 0.1}
                  - {type: error, fraction: 0.1, delay: 1s, commands: [nosuch]}
                """)).containsExactly(
                "faults[0].type: 'crash' (expected: error or delay)",
                "faults[0].fraction: '2' (expected: a number from 0 to 1)",
                "faults[1].delay: missing (expected: how long a delay fault holds the answer, e.g. 50ms)",
                "faults[2].delay: set on an error fault (expected: only on type delay)",
                "faults[2].commands[0]: unknown command 'nosuch' (expected a Redis command, a subcommand as "
                        + "'config set')");
    }

    @Test
    void sharesThatCanFallOnOneCommandMayNotExceedOne() {
        assertThat(problems("""
                faults:
                  - {type: error, fraction: 0.6}
                  - {type: delay, fraction: 0.6, delay: 1s, commands: [get]}
                """)).containsExactly("faults: fractions for get add up to 1.2 (expected: at most 1)");
    }
}
