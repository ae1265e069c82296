package io.slotway.server;

import io.slotway.demo.LocalRedis;
import io.slotway.testing.AdminClient;
import io.slotway.testing.RawClient;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/** commands.deny and commands.allow, against a real redis-server that would obey every one of these commands. */
class CommandPolicyIT {

    private static LocalRedis redis;

    @BeforeAll
    static void start() throws Exception {
        redis = LocalRedis.start("--enable-debug-command", "yes");
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    private static TestSlotway slotway(String commands) throws Exception {
        return TestSlotway.start(TestSlotway.standaloneYaml(redis.port(), "admin: 127.0.0.1:0\n" + commands));
    }

    @Test
    void administrativeCommandsAreDeniedByDefaultWhileTheirReadOnlySiblingsPass() throws Exception {
        try (TestSlotway proxy = slotway(""); RawClient raw = new RawClient(proxy.port())) {
            assertThat(raw.send("DEBUG SLEEP 0\r\n").readLine())
                    .isEqualTo("-ERR 'DEBUG' is denied by Slotway (commands.deny)");
            assertThat(raw.send("CONFIG SET maxmemory 1\r\n").readLine())
                    .isEqualTo("-ERR 'CONFIG SET' is denied by Slotway (commands.deny)");
            assertThat(raw.send("config rewrite\r\n").readLine())
                    .isEqualTo("-ERR 'CONFIG REWRITE' is denied by Slotway (commands.deny)");
            assertThat(raw.send("REPLICAOF 127.0.0.1 1\r\n").readLine()).startsWith("-ERR 'REPLICAOF' is denied");
            assertThat(raw.send("ACL SETUSER mallory on\r\n").readLine()).startsWith("-ERR 'ACL SETUSER' is denied");
            assertThat(raw.send("MODULE LIST\r\n").readLine()).as("a denied container denies its subcommands")
                    .startsWith("-ERR 'MODULE LIST' is denied");
            assertThat(raw.send("SHUTDOWN NOSAVE\r\n").readLine()).startsWith("-ERR 'SHUTDOWN' is denied");
            assertThat(raw.send("CONFIG GET maxmemory\r\n").readLine()).isEqualTo("*2");
            assertThat(raw.readLine()).isEqualTo("$9");
            assertThat(raw.readLine()).isEqualTo("maxmemory");
            assertThat(raw.readLine()).startsWith("$");
            assertThat(raw.readLine()).isEqualTo("0");
            assertThat(raw.send("ACL WHOAMI\r\n").readLine()).isEqualTo("$7");
            assertThat(raw.readLine()).isEqualTo("default");
            String metrics = new AdminClient(proxy.server().adminPort()).get("/metrics").body();
            assertThat(metrics).contains("slotway_commands_denied_total{command=\"config|set\"} 1.0");
            assertThat(metrics).contains("slotway_commands_denied_total{command=\"debug\"} 1.0");
        }
        try (Jedis direct = new Jedis("127.0.0.1", redis.port())) {
            assertThat(direct.ping()).as("the node was never shut down").isEqualTo("PONG");
            assertThat(direct.configGet("maxmemory").get("maxmemory")).isEqualTo("0");
        }
    }

    @Test
    void allowTakesACommandOffTheDenyList() throws Exception {
        try (TestSlotway proxy = slotway("commands:\n  allow: [debug, config set]\n");
             RawClient raw = new RawClient(proxy.port())) {
            assertThat(raw.send("DEBUG SLEEP 0\r\n").readLine()).isEqualTo("+OK");
            assertThat(raw.send("CONFIG SET slowlog-max-len 200\r\n").readLine()).isEqualTo("+OK");
            assertThat(raw.send("CONFIG REWRITE\r\n").readLine()).startsWith("-ERR 'CONFIG REWRITE' is denied");
        }
    }

    @Test
    void allowingAContainerLiftsEveryDeniedSubcommandOfIt() throws Exception {
        try (TestSlotway proxy = slotway("commands:\n  allow: [config]\n");
             RawClient raw = new RawClient(proxy.port())) {
            assertThat(raw.send("CONFIG SET slowlog-max-len 300\r\n").readLine()).isEqualTo("+OK");
            assertThat(raw.send("CONFIG RESETSTAT\r\n").readLine()).isEqualTo("+OK");
            assertThat(raw.send("DEBUG SLEEP 0\r\n").readLine()).startsWith("-ERR 'DEBUG' is denied");
        }
    }

    @Test
    void allowingOneSubcommandOfADeniedContainerLiftsOnlyIt() throws Exception {
        try (TestSlotway proxy = slotway("commands:\n  deny: [config]\n  allow: [config get]\n");
             RawClient raw = new RawClient(proxy.port())) {
            assertThat(raw.send("CONFIG GET maxmemory\r\n").readLine()).isEqualTo("*2");
            raw.readLine();
            raw.readLine();
            raw.readLine();
            raw.readLine();
            assertThat(raw.send("CONFIG SET maxmemory 1\r\n").readLine()).startsWith("-ERR 'CONFIG SET' is denied");
        }
    }

    @Test
    void anExplicitDenyListReplacesTheDefault() throws Exception {
        try (TestSlotway proxy = slotway("commands:\n  deny: [flushall, \"SCRIPT FLUSH\"]\n");
             RawClient raw = new RawClient(proxy.port())) {
            assertThat(raw.send("FLUSHALL\r\n").readLine()).isEqualTo("-ERR 'FLUSHALL' is denied by Slotway (commands.deny)");
            assertThat(raw.send("SCRIPT FLUSH\r\n").readLine()).startsWith("-ERR 'SCRIPT FLUSH' is denied");
            assertThat(raw.send("DEBUG SLEEP 0\r\n").readLine()).isEqualTo("+OK");
        }
    }
}
