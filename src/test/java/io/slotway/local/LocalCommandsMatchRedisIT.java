package io.slotway.local;

import io.slotway.demo.LocalCluster;
import io.slotway.demo.LocalRedis;
import io.slotway.testing.RawClient;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends the same commands to a real redis-server and to Slotway in front of it, and compares the replies byte for
 * byte: the commands Slotway answers itself must check arguments and word errors exactly as Redis does, or clients
 * and their users see a different server depending on whether a proxy is in the way.
 */
class LocalCommandsMatchRedisIT {

    /** Rows that behave the same whether the upstream is one redis-server or a Redis Cluster. */
    private static final List<String> EITHER_MODE = List.of(
            "PING", "PING hello", "PING a b",
            "ECHO", "ECHO hi", "ECHO a b", "ECHO \"\"", "ECHO \"a b\"",
            "SELECT", "SELECT 0", "SELECT 1", "SELECT 0 0", "SELECT abc", "SELECT -1", "SELECT 99999999999",
            "SELECT 16",
            "CLIENT", "CLIENT ID x", "CLIENT GETNAME", "CLIENT GETNAME x", "CLIENT SETNAME", "CLIENT SETNAME a b",
            "CLIENT SETNAME \"a b\"", "CLIENT SETNAME ok; CLIENT GETNAME",
            "CLIENT SETNAME ok; CLIENT SETNAME \"\"; CLIENT GETNAME", "CLIENT SETNAME ok; RESET; CLIENT GETNAME",
            "CLIENT FOO",
            "HELLO 2 AUTH", "HELLO 2 AUTH default", "HELLO 2 SETNAME", "HELLO x", "HELLO 4", "HELLO 2 FOO",
            "HELLO 2 SETNAME \"a b\"",
            "AUTH", "AUTH a b c", "AUTH onlypassword", "AUTH default x", "AUTH nosuchuser x",
            "RESET", "RESET x", "READONLY x", "READWRITE x", "ASKING x",
            "COMMAND COUNT x", "COMMAND FOO", "COMMAND INFO get nosuchcommand", "COMMAND DOCS get",
            "CLUSTER", "CLUSTER INFO x", "CLUSTER KEYSLOT", "CLUSTER KEYSLOT a b", "CLUSTER KEYSLOT somekey",
            "CLUSTER KEYSLOT {user}.name", "CLUSTER FOO",
            "QUIT x",
            // The same after HELLO 3: Redis's RESP3 shapes (nulls, maps, sets, verbatim text).
            "HELLO 3; CLIENT GETNAME", "HELLO 3; CLIENT SETNAME ok; CLIENT GETNAME", "HELLO 3; PING",
            "HELLO 3; PING hello", "HELLO 3; ECHO hi", "HELLO 3; SELECT 0", "HELLO 3; COMMAND COUNT",
            "HELLO 3; COMMAND INFO get nosuchcommand", "HELLO 3; COMMAND INFO config|get client|list",
            "HELLO 3; COMMAND DOCS get", "HELLO 3; COMMAND DOCS config|get nosuchcommand",
            "HELLO 3; HELLO 4", "HELLO 3; HELLO 3 FOO", "HELLO 3; RESET; CLIENT GETNAME",
            "HELLO 3; HELLO 2; CLIENT GETNAME", "HELLO 3; CLUSTER KEYSLOT somekey", "HELLO 3; AUTH default x",
            "HELLO 3; QUIT");

    /** HELLO's successful reply names the mode, and CLUSTER's answers or refusals depend on it. */
    private static final List<String> STANDALONE_ONLY = List.of(
            "HELLO", "HELLO 2", "HELLO 3", "HELLO 2 AUTH default x", "HELLO 2 SETNAME ok; CLIENT GETNAME",
            "HELLO 3 SETNAME ok; CLIENT GETNAME; HELLO", "HELLO 3; HELLO 2; HELLO",
            "CLIENT ID", "READONLY", "READWRITE", "ASKING", "CLUSTER INFO", "CLUSTER SLOTS");

    /**
     * READONLY, READWRITE and ASKING are accepted by a cluster node. CLUSTER INFO, SLOTS, NODES and SHARDS are left
     * out: Slotway presents the whole cluster as one node, so those describe a different topology on purpose.
     */
    private static final List<String> CLUSTER_ONLY = List.of("READONLY", "READWRITE", "ASKING");

    /**
     * The rows where Slotway's reply legitimately differs from Redis's, with Slotway's exact reply. A row listed
     * here whose replies match after all fails, so the list cannot go stale.
     */
    private static final Map<String, String> SLOTWAY_DIFFERS = Map.of();

    /** HELLO's "id" field and CLIENT ID are each server's own connection counter. */
    private static final Pattern HELLO_ID = Pattern.compile("\\$2\r\nid\r\n:\\d+\r\n");
    private static final Pattern INTEGER = Pattern.compile("^:\\d+\r\n$");

    private static LocalRedis redis;
    private static TestSlotway standalone;
    private static LocalCluster cluster;
    private static TestSlotway clustered;

    @BeforeAll
    static void start() throws Exception {
        redis = LocalRedis.start();
        standalone = TestSlotway.standalone(redis.port());
        // One shard is enough: every row here is answered by whichever node receives it.
        cluster = LocalCluster.start(1, 0);
        clustered = TestSlotway.start("""
                listen: 127.0.0.1:0
                event_loop_threads: 2
                upstreams:
                  main:
                    mode: cluster
                    refresh_interval: 1h
                    nodes: [%s]
                routes:
                  default: main
                """.formatted(cluster.seeds()));
    }

    @AfterAll
    static void stop() {
        if (clustered != null) {
            clustered.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (standalone != null) {
            standalone.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    static Stream<String> standaloneRows() {
        return Stream.concat(EITHER_MODE.stream(), STANDALONE_ONLY.stream());
    }

    static Stream<String> clusterRows() {
        return Stream.concat(EITHER_MODE.stream(), CLUSTER_ONLY.stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("standaloneRows")
    void standaloneRepliesMatchRedis(String row) throws IOException {
        assertSameReplies(row, redis.port(), standalone.port());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clusterRows")
    void clusterRepliesMatchAClusterNode(String row) throws IOException {
        assertSameReplies(row, cluster.primaries().get(0).port(), clustered.port());
    }

    private static void assertSameReplies(String row, int redisPort, int slotwayPort) throws IOException {
        List<List<String>> commands = parse(row);
        String direct = transcript(redisPort, commands);
        String proxied = transcript(slotwayPort, commands);
        String expected = SLOTWAY_DIFFERS.get(row);
        if (expected != null) {
            assertThat(proxied).as("Slotway's documented reply to %s", row).isEqualTo(expected);
            assertThat(proxied).as("Redis still differs from Slotway on %s", row).isNotEqualTo(direct);
        } else {
            assertThat(proxied).as("%s through Slotway (expected: as redis-server answers it)", row)
                    .isEqualTo(direct);
        }
    }

    /** Each command's reply on a fresh connection, CR and LF escaped so a failure shows where the bytes differ. */
    private static String transcript(int port, List<List<String>> commands) throws IOException {
        StringBuilder out = new StringBuilder();
        try (RawClient client = new RawClient(port)) {
            for (List<String> command : commands) {
                client.send(encode(command));
                out.append(escape(normalise(command, readReply(client))));
                if (command.get(0).equalsIgnoreCase("quit")) {
                    client.timeout(2000);
                    out.append(client.closedByServer() ? "(closed)" : "(open)");
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String normalise(List<String> command, String reply) {
        String name = command.get(0);
        if (name.equalsIgnoreCase("hello")) {
            return HELLO_ID.matcher(reply).replaceAll("\\$2\r\nid\r\n:<id>\r\n");
        }
        if (name.equalsIgnoreCase("client") && command.size() == 2 && command.get(1).equalsIgnoreCase("id")) {
            return INTEGER.matcher(reply).replaceAll(":<id>\r\n");
        }
        return reply;
    }

    /** Every command as a RESP array, so arguments with spaces and empty arguments travel as they are. */
    private static String encode(List<String> command) {
        StringBuilder out = new StringBuilder().append('*').append(command.size()).append("\r\n");
        for (String arg : command) {
            out.append('$').append(arg.getBytes(StandardCharsets.ISO_8859_1).length).append("\r\n")
                    .append(arg).append("\r\n");
        }
        return out.toString();
    }

    /**
     * One complete reply of any type, exactly as sent. Built from whole lines: a bulk string's payload may hold
     * CRLFs, so its lines are joined back until they reach the declared length.
     */
    private static String readReply(RawClient client) throws IOException {
        String line = client.readLine();
        if (line.isEmpty()) {
            throw new IOException("empty line where a reply was expected");
        }
        StringBuilder out = new StringBuilder(line).append("\r\n");
        switch (line.charAt(0)) {
            case '+', '-', ':', '_', '#', ',', '(' -> {
            }
            case '$', '=', '!' -> {
                int length = Integer.parseInt(line.substring(1));
                if (length >= 0) {
                    StringBuilder payload = new StringBuilder(client.readLine());
                    // Each pass adds at least the CRLF it consumed, so this ends within length / 2 + 1 lines.
                    while (payload.length() < length) {
                        payload.append("\r\n").append(client.readLine());
                    }
                    if (payload.length() != length) {
                        throw new IOException("bulk of " + length + " bytes arrived as " + payload.length());
                    }
                    out.append(payload).append("\r\n");
                }
            }
            case '*', '~', '>', '%', '|' -> {
                int count = Integer.parseInt(line.substring(1));
                int elements = line.charAt(0) == '%' || line.charAt(0) == '|' ? count * 2 : count;
                for (int i = 0; i < elements; i++) {
                    out.append(readReply(client));
                }
            }
            default -> throw new IOException("not a RESP reply: " + line);
        }
        return out.toString();
    }

    /** {@code CLIENT SETNAME "a b"; CLIENT GETNAME}: commands split on ';', arguments on spaces, quotes kept whole. */
    private static List<List<String>> parse(String row) {
        List<List<String>> commands = new ArrayList<>();
        List<String> command = new ArrayList<>();
        StringBuilder arg = null;
        boolean quoted = false;
        for (int i = 0; i <= row.length(); i++) {
            char c = i < row.length() ? row.charAt(i) : ';';
            if (quoted) {
                if (c == '"') {
                    quoted = false;
                } else {
                    arg.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                arg = arg == null ? new StringBuilder() : arg;
            } else if (c == ' ' || c == ';') {
                if (arg != null) {
                    command.add(arg.toString());
                    arg = null;
                }
                if (c == ';' && !command.isEmpty()) {
                    commands.add(command);
                    command = new ArrayList<>();
                }
            } else {
                arg = arg == null ? new StringBuilder() : arg;
                arg.append(c);
            }
        }
        return commands;
    }

    private static String escape(String reply) {
        return reply.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n");
    }
}
