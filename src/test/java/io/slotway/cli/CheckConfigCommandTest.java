package io.slotway.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CheckConfigCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = new CommandLine(new CheckConfigCommand());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    @Test
    void validFileExitsZeroWithASummary(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ok.yaml");
        Files.writeString(file, """
                listen: 127.0.0.1:6380
                upstreams:
                  main:
                    mode: standalone
                    nodes: ["127.0.0.1:6379"]
                routes:
                  default: main
                """);
        assertThat(run(file.toString())).isZero();
        assertThat(out.toString()).contains("OK (1 upstream, listening on 127.0.0.1:6380)");
    }

    @Test
    void invalidFileExitsOneWithEveryProblem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                listen: 127.0.0.1:6380
                upstreams:
                  main:
                    mode: standalone
                    nodes: ["127.0.0.1:6379", "127.0.0.1:70000"]
                routes:
                  default: main
                """);
        assertThat(run(file.toString())).isEqualTo(1);
        assertThat(err.toString().lines()).containsExactlyInAnyOrder(
                "upstreams.main.nodes[1]: port 70000 (expected: 1..65535)",
                "upstreams.main.nodes: 2 nodes (expected: exactly 1 for mode standalone)");
    }

    @Test
    void unusableCertificatesAreReportedBeforeAStartWould(@TempDir Path dir) throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnot base64\n");
        Path file = dir.resolve("tls.yaml");
        Files.writeString(file, """
                listen: 127.0.0.1:6380
                tls: {cert: %1$s, key: %1$s}
                upstreams:
                  main:
                    mode: standalone
                    nodes: ["127.0.0.1:6379"]
                    tls: {ca: %1$s}
                routes:
                  default: main
                """.formatted(garbage));
        assertThat(run(file.toString())).isEqualTo(1);
        assertThat(err.toString().lines()).hasSize(2)
                .anySatisfy(line -> assertThat(line).startsWith("tls: cannot use " + garbage))
                .anySatisfy(line -> assertThat(line).startsWith("upstreams.main.tls: "));
    }

    @Test
    void missingFileExitsOne(@TempDir Path dir) {
        assertThat(run(dir.resolve("nope.yaml").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("nope.yaml: no such file");
    }
}
