package io.slotway.server;

import io.slotway.demo.LocalRedis;
import io.slotway.testing.RawClient;
import io.slotway.testing.RespTranscripts;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CLIENT INFO, LIST and KILL on Slotway's own clients, whichever event loop they are on, in Redis's field format and
 * with Redis's flags; never Slotway's pooled upstream connections.
 */
class ClientListIT {

    private static LocalRedis redis;
    private static TestSlotway slotway;

    @BeforeAll
    static void start() throws Exception {
        redis = LocalRedis.start();
        slotway = TestSlotway.standalone(redis.port());
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


    /** The text of a bulk or verbatim reply. */
    private static String text(String reply) {
        String body = reply.substring(reply.indexOf("\r\n") + 2, reply.length() - 2);
        return reply.startsWith("=") ? body.substring(4) : body;
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : line.trim().split(" ")) {
            int equals = pair.indexOf('=');
            fields.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return fields;
    }

    private static List<Map<String, String>> clients(String listReply) {
        List<Map<String, String>> clients = new ArrayList<>();
        for (String line : text(listReply).split("\n")) {
            if (!line.isBlank()) {
                clients.add(fields(line));
            }
        }
        return clients;
    }

    @Test
    void clientInfoHasRedisFieldsInRedisOrderDescribingTheCaller() throws Exception {
        try (RawClient direct = new RawClient(redis.port()); RawClient client = new RawClient(slotway.port())) {
            Map<String, String> redisFields = fields(text(direct.call("CLIENT", "INFO")));
            client.call("CLIENT", "SETNAME", "infotest");
            client.call("SELECT", "2");
            String id = client.call("CLIENT", "ID").substring(1).trim();
            Map<String, String> info = fields(text(client.call("CLIENT", "INFO")));
            assertThat(info.keySet()).containsExactlyElementsOf(redisFields.keySet());
            assertThat(info).containsEntry("id", id).containsEntry("name", "infotest").containsEntry("db", "2")
                    .containsEntry("flags", "N").containsEntry("cmd", "client|info").containsEntry("user", "default")
                    .containsEntry("multi", "-1").containsEntry("resp", "2")
                    .containsEntry("laddr", "127.0.0.1:" + slotway.port());
            assertThat(info.get("addr")).startsWith("127.0.0.1:");
            assertThat(client.call("HELLO", "3")).startsWith("%7");
            String resp3 = client.call("CLIENT", "INFO");
            assertThat(resp3).startsWith("=");
            assertThat(fields(text(resp3))).containsEntry("resp", "3");
        }
    }

    @Test
    void clientListShowsEveryClientOnEveryLoopWithItsFlags() throws Exception {
        List<RawClient> others = new ArrayList<>();
        try (RawClient lister = new RawClient(slotway.port())) {
            // Bounded: six clients, spread over the event loops by the server.
            for (int i = 0; i < 6; i++) {
                RawClient other = new RawClient(slotway.port());
                others.add(other);
                other.call("CLIENT", "SETNAME", "listed-" + i);
            }
            others.get(0).call("SUBSCRIBE", "list:channel");
            others.get(1).call("MULTI");
            others.get(1).call("SET", "list:key", "v");
            others.get(2).send(RespTranscripts.encode(List.of("BLPOP", "list:queue", "0")));
            List<Map<String, String>> all = waitForBlocked(lister);
            Map<String, Map<String, String>> byName = new LinkedHashMap<>();
            all.forEach(client -> byName.put(client.get("name"), client));
            assertThat(byName.keySet()).contains("listed-0", "listed-1", "listed-2", "listed-3", "listed-4",
                    "listed-5");
            assertThat(byName.get("listed-0")).containsEntry("flags", "P").containsEntry("sub", "1");
            assertThat(byName.get("listed-1")).containsEntry("flags", "x").containsEntry("multi", "1");
            assertThat(byName.get("listed-2")).containsEntry("flags", "b").containsEntry("cmd", "blpop");
            assertThat(byName.get("listed-3")).containsEntry("flags", "N");
            assertThat(all).extracting(client -> Long.parseLong(client.get("id"))).isSorted();
            assertThat(clients(lister.call("CLIENT", "LIST", "TYPE", "pubsub"))).extracting(c -> c.get("name"))
                    .containsExactly("listed-0");
            assertThat(clients(lister.call("CLIENT", "LIST", "TYPE", "normal"))).extracting(c -> c.get("name"))
                    .doesNotContain("listed-0").contains("listed-1");
            String three = byName.get("listed-3").get("id");
            String five = byName.get("listed-5").get("id");
            assertThat(clients(lister.call("CLIENT", "LIST", "ID", five, three, "99999")))
                    .extracting(c -> c.get("name")).containsExactly("listed-5", "listed-3");
        } finally {
            for (RawClient other : others) {
                other.close();
            }
        }
    }

    private static List<Map<String, String>> waitForBlocked(RawClient lister) throws Exception {
        // Bounded: 100 tries, 50 ms apart, for the BLPOP to reach its node.
        for (int i = 0; i < 100; i++) {
            List<Map<String, String>> all = clients(lister.call("CLIENT", "LIST"));
            if (all.stream().anyMatch(client -> "b".equals(client.get("flags")))) {
                return all;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no client shown blocked");
    }

    @Test
    void clientKillClosesTheClientsItMatchesOnAnyLoop() throws Exception {
        try (RawClient killer = new RawClient(slotway.port()); RawClient byId = new RawClient(slotway.port());
             RawClient byAddress = new RawClient(slotway.port())) {
            String id = byId.call("CLIENT", "ID").substring(1).trim();
            assertThat(killer.call("CLIENT", "KILL", "ID", id)).isEqualTo(":1\r\n");
            byId.timeout(2000);
            assertThat(byId.closedByServer()).isTrue();
            String address = fields(text(byAddress.call("CLIENT", "INFO"))).get("addr");
            assertThat(killer.call("CLIENT", "KILL", address)).isEqualTo("+OK\r\n");
            byAddress.timeout(2000);
            assertThat(byAddress.closedByServer()).isTrue();
            assertThat(killer.call("CLIENT", "KILL", address)).isEqualTo("-ERR No such client\r\n");
            assertThat(killer.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    /** The replies to {@code commands} on a fresh connection to {@code port}, up to a closing ECHO's. */
    private static String replies(int port, List<List<String>> commands) throws IOException {
        try (RawClient client = new RawClient(port)) {
            StringBuilder sent = new StringBuilder();
            commands.forEach(command -> sent.append(RespTranscripts.encode(command)));
            client.send(sent + RespTranscripts.encode(List.of("ECHO", "end")));
            StringBuilder got = new StringBuilder();
            // Bounded: at most one reply per command sent, then the ECHO's.
            for (int i = 0; i <= commands.size(); i++) {
                String reply = RespTranscripts.readReply(client);
                got.append(reply);
                if (reply.equals("$3\r\nend\r\n")) {
                    break;
                }
            }
            return got.toString();
        }
    }

    @Test
    void clientReplyOffAndSkipSilenceRepliesAsRedisDoes() throws Exception {
        List<List<String>> commands = List.of(List.of("CLIENT", "REPLY", "OFF"), List.of("SET", "reply:k", "1"),
                List.of("GET", "reply:k"), List.of("CLIENT", "REPLY", "ON"), List.of("GET", "reply:k"),
                List.of("CLIENT", "REPLY", "SKIP"), List.of("SET", "reply:k", "2"), List.of("GET", "reply:k"),
                List.of("CLIENT", "REPLY", "MAYBE"), List.of("CLIENT", "REPLY", "OFF"),
                List.of("CLIENT", "REPLY", "SKIP"),
                List.of("GET", "reply:k"), List.of("GET", "reply:k"), List.of("RESET"));
        assertThat(replies(slotway.port(), commands)).isEqualTo(replies(redis.port(), commands))
                .isEqualTo("+OK\r\n$1\r\n1\r\n$1\r\n2\r\n-ERR syntax error\r\n+RESET\r\n$3\r\nend\r\n");
    }

    @Test
    void clientKillOfItselfAnswersThenCloses() throws Exception {
        try (RawClient client = new RawClient(slotway.port())) {
            String id = client.call("CLIENT", "ID").substring(1).trim();
            assertThat(client.call("CLIENT", "KILL", "ID", id, "SKIPME", "no")).isEqualTo(":1\r\n");
            client.timeout(2000);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void clientKillByUserSkipsTheCaller() throws Exception {
        try (RawClient killer = new RawClient(slotway.port()); RawClient other = new RawClient(slotway.port())) {
            other.call("PING");
            String killed = killer.call("CLIENT", "KILL", "USER", "default", "MAXAGE", "0");
            assertThat(Long.parseLong(killed.substring(1).trim())).isPositive();
            other.timeout(2000);
            assertThat(other.closedByServer()).isTrue();
            assertThat(killer.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(Arrays.asList(text(killer.call("CLIENT", "LIST")).split("\n"))).hasSize(1);
        }
    }
}
