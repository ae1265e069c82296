package io.slotway.cli;

import io.slotway.testing.SlotwayProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged jar's check-config and run, on good and bad files, as an operator runs them. */
class CheckConfigIT {

    @Test
    void goodFileIsValidAndExitsZero() throws Exception {
        Path file = SlotwayProcess.config("""
                listen: 127.0.0.1:6380
                upstreams:
                  main:
                    mode: standalone
                    nodes: ["127.0.0.1:6379"]
                routes:
                  default: main
                """);
        SlotwayProcess.Result result = SlotwayProcess.run("check-config", file.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("OK");
    }

    @Test
    void badFilePrintsEveryProblemWithItsPathAndExitsOne() throws Exception {
        Path file = SlotwayProcess.config("""
                listen: 127.0.0.1:6380
                upstreams:
                  main:
                    mode: standalone
                    nodes: ["127.0.0.1:6379", "127.0.0.1:70000"]
                    colour: blue
                routes:
                  default: cache
                """);
        SlotwayProcess.Result result = SlotwayProcess.run("check-config", file.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output())
                .contains("upstreams.main.nodes[1]: port 70000 (expected: 1..65535)")
                .contains("upstreams.main.colour: unknown key")
                .contains("routes.default: upstream 'cache' is not defined");
    }

    @Test
    void runRefusesAnInvalidConfigWithItsProblems() throws Exception {
        Path file = SlotwayProcess.config("listen: nowhere\n");
        SlotwayProcess.Result result = SlotwayProcess.run("run", "--config", file.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("listen").contains("upstreams");
    }

    @Test
    void versionAndHelpAreAvailable() throws Exception {
        assertThat(SlotwayProcess.run("--version").output()).startsWith("slotway ");
        SlotwayProcess.Result help = SlotwayProcess.run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.output()).contains("run").contains("check-config").contains("demo");
    }
}
