package io.slotway.testing;

import io.slotway.demo.LocalRedis;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** target/slotway.jar as a real child process, for what only a process shows: signals and exit codes. */
public final class SlotwayProcess implements AutoCloseable {

    private final Process process;
    private final Path output;

    private SlotwayProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    public static Path jar() {
        Path jar = Path.of(System.getProperty("slotway.jar", "target/slotway.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run `mvn package` (the ITs run after it)");
        }
        return jar;
    }

    /** Runs {@code slotway args...} to completion; returns exit code and combined output. */
    public static Result run(String... args) throws IOException, InterruptedException {
        Path output = Files.createTempFile("slotway-run-", ".log");
        Process process = new ProcessBuilder(command(args)).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("slotway " + String.join(" ", args) + " did not finish");
        }
        return new Result(process.exitValue(), Files.readString(output));
    }

    /**
     * Starts {@code slotway run --config file} and waits until it accepts connections on {@code port}. SIGHUP,
     * SIGINT and SIGTERM start at their defaults, whatever the test runner ignores (a runner under nohup ignores
     * SIGHUP, and children inherit that).
     */
    public static SlotwayProcess start(Path config, int port) throws IOException, InterruptedException {
        return start(config, port, "DEFAULT");
    }

    /** As {@link #start(Path, int)}, but with SIGHUP ignored, as under {@code nohup}. */
    public static SlotwayProcess startIgnoringHangups(Path config, int port) throws IOException, InterruptedException {
        return start(config, port, "IGNORE");
    }

    private static SlotwayProcess start(Path config, int port, String hangup)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("slotway-process-", ".log");
        Process process = new ProcessBuilder(withSignals(hangup, command("run", "--config", config.toString())))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        SlotwayProcess slotway = new SlotwayProcess(process, output);
        long deadline = System.currentTimeMillis() + 30_000;
        // Bounded by the deadline.
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("slotway exited at start: " + slotway.output());
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return slotway;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        slotway.close();
        throw new AssertionError("slotway did not listen on " + port + ": " + slotway.output());
    }

    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dio.netty.leakDetection.level=paranoid", "-jar", jar().toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Perl (in every Debian) sets the dispositions, then execs the command in its own process. */
    private static List<String> withSignals(String hangup, List<String> command) {
        Path perl = Path.of("/usr/bin/perl");
        if (!Files.isExecutable(perl)) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of(perl.toString(), "-e",
                "$SIG{HUP} = shift; $SIG{INT} = $SIG{TERM} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec: $!\"",
                hangup));
        wrapped.addAll(command);
        return wrapped;
    }

    public static Path config(String yaml) throws IOException {
        Path file = Files.createTempFile("slotway-", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    public static int freePort() throws IOException {
        return LocalRedis.freePort();
    }

    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        kill.waitFor(5, TimeUnit.SECONDS);
    }

    /** Waits for exit; returns the milliseconds it took, or -1 if still running after {@code timeoutMillis}. */
    public long awaitExit(long timeoutMillis) throws InterruptedException {
        long start = System.nanoTime();
        if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
            return -1;
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int exitCode() {
        return process.exitValue();
    }

    public String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(no output)";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    public record Result(int exitCode, String output) {
    }
}
