package io.slotway.local;

import io.slotway.demo.LocalCluster;
import io.slotway.demo.LocalRedis;
import io.slotway.testing.RespTranscripts;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
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
            "CLIENT KILL 1.2.3.4:5", "CLIENT KILL ID 0", "CLIENT KILL ID abc", "CLIENT KILL ID 99999",
            "CLIENT KILL FOO bar", "CLIENT KILL ADDR", "CLIENT KILL TYPE foo", "CLIENT KILL TYPE master",
            "CLIENT KILL USER nosuchuser", "CLIENT KILL SKIPME maybe", "CLIENT KILL ADDR 1.2.3.4:5 SKIPME no",
            "CLIENT LIST TYPE foo", "CLIENT LIST TYPE replica", "CLIENT LIST ID abc", "CLIENT LIST FOO",
            "CLIENT LIST ID 99999", "CLIENT NO-EVICT on", "CLIENT NO-EVICT OFF", "CLIENT NO-EVICT maybe",
            "HELLO 3; CLIENT LIST ID 99999",
            "CLIENT TRACKING on", "CLIENT TRACKING foo", "CLIENT TRACKING on PREFIX a",
            "CLIENT TRACKING on BCAST OPTIN",
            "CLIENT TRACKING on OPTIN OPTOUT", "CLIENT TRACKING on BCAST PREFIX a PREFIX ab",
            "CLIENT TRACKING on FOO", "CLIENT TRACKING off", "CLIENT CACHING yes", "CLIENT CACHING maybe",
            "CLIENT TRACKING on OPTIN; CLIENT CACHING yes; CLIENT TRACKINGINFO; GET x; CLIENT TRACKINGINFO",
            "CLIENT TRACKING on OPTIN; CLIENT CACHING no", "CLIENT TRACKING on OPTOUT; CLIENT CACHING no",
            "CLIENT TRACKING on OPTOUT; CLIENT TRACKING on OPTIN", "CLIENT TRACKING on; CLIENT TRACKING on BCAST",
            "CLIENT GETREDIR", "CLIENT TRACKING on; CLIENT GETREDIR", "CLIENT TRACKINGINFO",
            "CLIENT TRACKING on NOLOOP; CLIENT TRACKINGINFO",
            "CLIENT TRACKING on REDIRECT 987654321", "CLIENT TRACKING on REDIRECT abc",
            "HELLO 3; CLIENT TRACKING on; RESET; CLIENT TRACKINGINFO",
            "CLIENT TRACKING on BCAST; CLIENT TRACKING on BCAST PREFIX a", "HELLO 3; CLIENT TRACKING on BCAST; "
                    + "CLIENT TRACKINGINFO", "CLIENT TRACKING on BCAST PREFIX ab; CLIENT TRACKING on BCAST PREFIX a",
            "HELLO 3; CLIENT TRACKING on BCAST PREFIX a PREFIX b; CLIENT TRACKINGINFO; CLIENT TRACKING off; "
                    + "CLIENT TRACKINGINFO",
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
        List<List<String>> commands = RespTranscripts.parse(row);
        String direct = RespTranscripts.transcript(redisPort, commands, LocalCommandsMatchRedisIT::normalise);
        String proxied = RespTranscripts.transcript(slotwayPort, commands, LocalCommandsMatchRedisIT::normalise);
        String expected = SLOTWAY_DIFFERS.get(row);
        if (expected != null) {
            assertThat(proxied).as("Slotway's documented reply to %s", row).isEqualTo(expected);
            assertThat(proxied).as("Redis still differs from Slotway on %s", row).isNotEqualTo(direct);
        } else {
            assertThat(proxied).as("%s through Slotway (expected: as redis-server answers it)", row)
                    .isEqualTo(direct);
        }
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
}
