package io.slotway.monitor;

import io.slotway.demo.LocalRedis;
import io.slotway.testing.RawClient;
import io.slotway.testing.RespTranscripts;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MONITOR through Slotway: every client's commands, on any event loop, in Redis's line format (compared with Redis's
 * own MONITOR for the same commands), secrets redacted, administrative commands kept out, and a monitor that does
 * not read closed at its limit.
 */
class MonitorIT {

    private static LocalRedis redis;
    private static TestSlotway slotway;

    @BeforeAll
    static void start() throws Exception {
        redis = LocalRedis.start();
        slotway = TestSlotway.start(TestSlotway.standaloneYaml(redis.port(), """
                commands:
                  allow: [monitor]
                limits:
                  pubsub_output_buffer: 256kb
                """));
    }

    @AfterAll
    static void stop() {
        if (slotway != null) {
            slotway.close();
        }
        if (redis != null) {
            redis.close();
        }
    }


    private static final String[][] COMMANDS = {
            {"SET", "monitor:k", "a b\n\"q\"\u0001"}, {"GET", "monitor:k"}, {"GETX"}, {"CONFIG", "GET", "maxmemory"},
            {"AUTH", "someone", "secret"}, {"HELLO", "2", "AUTH", "default", "pw", "SETNAME", "named"},
            {"SELECT", "3"}, {"PING"}};

    /** What a monitor of {@code port} sees of {@link #COMMANDS}, each line after its "[db address]". */
    private static String seen(int port) throws IOException {
        try (RawClient monitor = new RawClient(port); RawClient client = new RawClient(port)) {
            assertThat(monitor.call("MONITOR")).isEqualTo("+OK\r\n");
            for (String[] command : COMMANDS) {
                client.call(command);
            }
            client.call("ECHO", "last");
            StringBuilder seen = new StringBuilder();
            // Bounded: one line per command sent, up to the ECHO that ends them.
            for (int i = 0; i <= COMMANDS.length; i++) {
                String line = monitor.readLine();
                assertThat(line).matches("\\+\\d+\\.\\d{6} \\[\\d+ 127\\.0\\.0\\.1:\\d+\\] .*");
                seen.append(line.substring(line.indexOf(' ') + 1).replaceFirst(" 127\\.0\\.0\\.1:\\d+\\]", "]"))
                        .append('\n');
                if (line.endsWith("\"ECHO\" \"last\"")) {
                    break;
                }
            }
            return seen.toString();
        }
    }

    @Test
    void aMonitorSeesEveryCommandAsRedisShowsIt() throws Exception {
        String direct = seen(redis.port());
        assertThat(seen(slotway.port())).isEqualTo(direct)
                .contains("[0] \"SET\" \"monitor:k\" \"a b\\n\\\"q\\\"\\x01\"")
                .contains("[0] \"AUTH\" \"(redacted)\" \"(redacted)\"")
                .contains("[3] \"SELECT\" \"3\"").doesNotContain("CONFIG").doesNotContain("GETX");
    }

    @Test
    void aMonitorSeesClientsOfEveryEventLoop() throws Exception {
        try (RawClient monitor = new RawClient(slotway.port())) {
            assertThat(monitor.call("MONITOR")).isEqualTo("+OK\r\n");
            // Bounded: eight clients, spread over the loops by the server.
            for (int i = 0; i < 8; i++) {
                try (RawClient client = new RawClient(slotway.port())) {
                    client.call("GET", "loop:" + i);
                }
            }
            StringBuilder seen = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                seen.append(monitor.readLine()).append('\n');
            }
            for (int i = 0; i < 8; i++) {
                assertThat(seen.toString()).contains("\"GET\" \"loop:" + i + "\"");
            }
        }
    }

    @Test
    void aMonitorMayOnlyPingQuitAndReset() throws Exception {
        try (RawClient monitor = new RawClient(slotway.port())) {
            monitor.call("MONITOR");
            assertThat(monitor.call("GET", "k")).isEqualTo("-ERR Replica can't interact with the keyspace\r\n");
            assertThat(monitor.call("PING")).isEqualTo("+PONG\r\n");
            // As Redis does, the monitor is shown its own PING.
            assertThat(monitor.readLine()).endsWith("\"PING\"");
            assertThat(monitor.call("RESET")).isEqualTo("+RESET\r\n");
            assertThat(monitor.call("GET", "monitor:none")).isEqualTo("$-1\r\n");
        }
    }

    @Test
    void nothingReachesAMonitorAfterItsReset() throws Exception {
        try (RawClient monitor = new RawClient(slotway.port()); RawClient client = new RawClient(slotway.port())) {
            monitor.call("MONITOR");
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 5_000; i++) {
                burst.append(RespTranscripts.encode(List.of("GET", "burst:" + i)));
            }
            client.send(burst.toString());
            monitor.send(RespTranscripts.encode(List.of("RESET")));
            // Bounded: the lines fed before the RESET, at most one per command of the burst.
            for (int i = 0; i <= 5_000 && !monitor.readLine().equals("+RESET"); i++) {
                assertThat(i).isLessThan(5_000);
            }
            assertThat(monitor.call("PING")).isEqualTo("+PONG\r\n");
            for (int i = 0; i < 5_000; i++) {
                RespTranscripts.readReply(client);
            }
        }
    }

    @Test
    void aMonitorShowsAsSuchInClientList() throws Exception {
        try (RawClient monitor = new RawClient(slotway.port()); RawClient lister = new RawClient(slotway.port())) {
            monitor.call("CLIENT", "SETNAME", "watcher");
            monitor.call("MONITOR");
            assertThat(lister.call("CLIENT", "LIST")).contains("name=watcher ").contains(" flags=O ");
        }
    }

    @Test
    void aMonitorThatDoesNotReadIsClosedAtItsLimit() throws Exception {
        int rounds = 400;
        try (RawClient monitor = new RawClient(slotway.port()); RawClient client = new RawClient(slotway.port())) {
            monitor.call("MONITOR");
            String value = "x".repeat(1024);
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                batch.append(RespTranscripts.encode(List.of("SET", "flood:" + i, value)));
            }
            // Bounded: 400 batches of 100 commands, about 44 MB of lines the monitor never reads meanwhile.
            for (int round = 0; round < rounds; round++) {
                client.send(batch.toString());
                for (int i = 0; i < 100; i++) {
                    RespTranscripts.readReply(client);
                }
            }
            assertThat(client.call("PING")).isEqualTo("+PONG\r\n");
            int read = 0;
            try {
                // Bounded by the lines sent: what was buffered arrives, then the close.
                for (; read < rounds * 100; read++) {
                    monitor.readLine();
                }
            } catch (IOException closed) {
                // Closed at its limit.
            }
            assertThat(read).as("lines before the monitor was closed").isLessThan(rounds * 100);
        }
    }
}
