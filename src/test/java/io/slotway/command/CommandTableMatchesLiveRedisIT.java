package io.slotway.command;

import io.slotway.protocol.RespValue;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The shipped table is what a live Redis 7.0 reports: the same commands and subcommands, each with the same arity,
 * flags, key positions, ACL categories, tips, key specs and docs. Parsed structures are compared, never bytes,
 * because the server lists commands in its hash table's order, which changes from run to run.
 */
class CommandTableMatchesLiveRedisIT {

    private static final Pattern VERSION = Pattern.compile("redis_version:(\\d+)\\.(\\d+)\\.\\S+");

    @Test
    void everyLiveCommandIsInTheTableWithTheSameMetadataAndViceVersa() throws Exception {
        try (LiveRedis redis = LiveRedis.start()) {
            byte[] info = CommandTableGenerator.replies("127.0.0.1", redis.port, new String[] {"INFO", "server"})[0];
            Matcher version = VERSION.matcher(new String(info, StandardCharsets.UTF_8));
            assumeThat(version.find()).as("INFO server names a redis_version").isTrue();
            int major = Integer.parseInt(version.group(1));
            int minor = Integer.parseInt(version.group(2));
            assumeThat(major).as("live Redis %s is older than 7.0: no key specs or tips to compare",
                    version.group()).isGreaterThanOrEqualTo(7);
            assumeThat(major == 7 && minor == 0).as("the shipped table is Redis 7.0's; live Redis %s would differ "
                    + "by its newer commands (regenerate with CommandTableGenerator to move on)", version.group())
                    .isTrue();

            byte[][] replies = CommandTableGenerator.replies("127.0.0.1", redis.port,
                    new String[] {"COMMAND", "INFO"}, new String[] {"COMMAND", "DOCS"});
            Map<String, Description> live = describe(CommandTable.load(replies[0], replies[1]));
            Map<String, Description> shipped = describe(CommandTable.standard());

            assertThat(shipped.keySet()).as("commands and subcommands").containsExactlyInAnyOrderElementsOf(
                    live.keySet());
            for (Map.Entry<String, Description> command : live.entrySet()) {
                assertThat(shipped.get(command.getKey())).as(command.getKey()).isEqualTo(command.getValue());
            }
            assertThat(live).hasSizeGreaterThan(300);
        }
    }

    /** What the table knows about one command, in a form whose equality ignores the server's ordering. */
    private record Description(int arity, Set<CommandFlag> flags, List<Integer> legacyKeys, Set<String> aclCategories,
                               List<String> tips, RequestPolicy requestPolicy, ResponsePolicy responsePolicy,
                               boolean nondeterministicOutput, List<KeySpec> keySpecs, Object docs) {
    }

    private static Map<String, Description> describe(CommandTable table) {
        Map<String, Description> all = new TreeMap<>();
        List<CommandSpec> pending = new ArrayList<>(table.all());
        // Bounded: subcommands have no subcommands of their own in Redis 7.0, and each spec is visited once.
        for (int i = 0; i < pending.size(); i++) {
            CommandSpec spec = pending.get(i);
            pending.addAll(spec.subcommands());
            Description previous = all.put(spec.name(), new Description(spec.arity(), Set.copyOf(spec.flags()),
                    List.of(spec.firstKey(), spec.lastKey(), spec.step()), Set.copyOf(spec.aclCategories()),
                    spec.tips(), spec.requestPolicy(), spec.responsePolicy(), spec.nondeterministicOutput(),
                    spec.keySpecs(), docs(spec)));
            assertThat(previous).as("%s described once", spec.name()).isNull();
        }
        return all;
    }

    /** The doc map as nested maps and lists; subcommands are left out here and compared under their own names. */
    private static Object docs(CommandSpec spec) {
        RespValue map = RespValue.parse(spec.docsReply().duplicate());
        Map<String, Object> fields = new HashMap<>();
        for (int i = 0; i + 1 < map.items().size(); i += 2) {
            String key = map.get(i).text();
            if (!key.equals("subcommands")) {
                fields.put(key, plain(map.get(i + 1)));
            }
        }
        return fields;
    }

    private static Object plain(RespValue value) {
        switch (value.kind()) {
            case ARRAY: {
                List<Object> items = new ArrayList<>();
                value.items().forEach(item -> items.add(plain(item)));
                return items;
            }
            case INTEGER:
                return value.integer();
            case NULL:
                return "(null)";
            default:
                return value.kind() + ":" + value.text();
        }
    }

    /** A throwaway redis-server on a free loopback port, with no persistence. */
    private static final class LiveRedis implements AutoCloseable {

        private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

        private final Process process;
        private final Path dir;
        private final int port;

        private LiveRedis(Process process, Path dir, int port) {
            this.process = process;
            this.dir = dir;
            this.port = port;
        }

        static LiveRedis start() throws IOException, InterruptedException {
            String binary = System.getenv().getOrDefault("REDIS_SERVER", "redis-server");
            Path dir = Files.createTempDirectory("slotway-command-it");
            // A few attempts: another process may take the free port between our probe and the server's bind.
            for (int attempt = 0; attempt < 3; attempt++) {
                int port = freePort();
                Process process;
                try {
                    process = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                            "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString())
                            .redirectErrorStream(true)
                            .redirectOutput(dir.resolve("redis.log").toFile())
                            .start();
                } catch (IOException e) {
                    delete(dir);
                    throw new TestAbortedException("no " + binary + " to run (" + e.getMessage()
                            + "); set REDIS_SERVER to its path");
                }
                LiveRedis redis = new LiveRedis(process, dir, port);
                if (redis.awaitReady()) {
                    return redis;
                }
                redis.stop();
            }
            throw new IOException("redis-server did not start; see " + dir.resolve("redis.log"));
        }

        private boolean awaitReady() throws InterruptedException {
            long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
            // Bounded by the start timeout.
            while (System.nanoTime() < deadline && process.isAlive()) {
                try {
                    byte[] pong = CommandTableGenerator.replies("127.0.0.1", port, new String[] {"PING"})[0];
                    if (new String(pong, StandardCharsets.US_ASCII).equals("+PONG\r\n")) {
                        return true;
                    }
                } catch (IOException notYet) {
                    // Not listening yet (or still loading): try again shortly.
                }
                Thread.sleep(50);
            }
            return false;
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }

        private void stop() {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            stop();
            delete(dir);
        }

        /** The directory holds only the log (no persistence), so one level is all there is to delete. */
        private static void delete(Path dir) {
            File[] files = dir.toFile().listFiles();
            if (files != null) {
                for (File file : files) {
                    file.delete();
                }
            }
            dir.toFile().delete();
        }
    }
}
