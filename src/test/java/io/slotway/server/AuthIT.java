package io.slotway.server;

import io.slotway.demo.LocalRedis;
import io.slotway.testing.AdminClient;
import io.slotway.testing.CapturedLogs;
import io.slotway.testing.RawClient;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/** Downstream AUTH: passwords (rotatable), users with ACL-style command rules, HELLO AUTH; a real Redis behind. */
class AuthIT {

    private static LocalRedis redis;
    private static TestSlotway slotway;

    @BeforeAll
    static void start() throws Exception {
        redis = LocalRedis.start();
        slotway = TestSlotway.start(TestSlotway.standaloneYaml(redis.port(), """
                admin: 127.0.0.1:0
                auth:
                  passwords: ["old-pass-1", "new-pass-2"]
                  users:
                    reader:
                      password: reader-pass-3
                      commands: "+@read -@dangerous"
                """));
    }

    @AfterAll
    static void stop() {
        slotway.close();
        redis.close();
    }

    @Test
    void commandsBeforeAuthGetNoauthAndNeverReachRedis() throws Exception {
        String before = callsOfGetAndSet();
        try (RawClient raw = new RawClient(slotway.port())) {
            assertThat(raw.send("SET auth:k v\r\n").readLine()).isEqualTo("-NOAUTH Authentication required.");
            assertThat(raw.send("GET auth:k\r\n").readLine()).isEqualTo("-NOAUTH Authentication required.");
            assertThat(raw.send("PING\r\n").readLine()).isEqualTo("-NOAUTH Authentication required.");
            assertThat(raw.send("HELLO 2\r\n").readLine()).startsWith("-NOAUTH HELLO must be called");
        }
        assertThat(callsOfGetAndSet()).isEqualTo(before);
        try (Jedis direct = new Jedis("127.0.0.1", redis.port())) {
            assertThat(direct.exists("auth:k")).isFalse();
        }
    }

    /** Redis's own count of GET and SET calls, e.g. "cmdstat_get:calls=3 cmdstat_set:calls=1". */
    private static String callsOfGetAndSet() {
        try (Jedis direct = new Jedis("127.0.0.1", redis.port())) {
            StringBuilder calls = new StringBuilder();
            for (String line : direct.info("commandstats").split("\r?\n")) {
                if (line.startsWith("cmdstat_get:") || line.startsWith("cmdstat_set:")) {
                    calls.append(line, 0, line.indexOf(',')).append(' ');
                }
            }
            return calls.toString();
        }
    }

    @Test
    void resetLogsTheClientOutAsRedisDoes() throws Exception {
        try (RawClient raw = new RawClient(slotway.port())) {
            assertThat(raw.send("AUTH old-pass-1\r\n").readLine()).isEqualTo("+OK");
            assertThat(raw.send("PING\r\n").readLine()).isEqualTo("+PONG");
            assertThat(raw.send("RESET\r\n").readLine()).isEqualTo("+RESET");
            assertThat(raw.send("PING\r\n").readLine()).isEqualTo("-NOAUTH Authentication required.");
        }
    }

    @Test
    void aUserWhoseRulesLeaveOutAuthCanStillLogInAsAnother() throws Exception {
        try (RawClient raw = new RawClient(slotway.port())) {
            assertThat(raw.send("AUTH reader reader-pass-3\r\n").readLine()).isEqualTo("+OK");
            assertThat(raw.send("SET auth:switch v\r\n").readLine()).startsWith("-NOPERM");
            assertThat(raw.send("AUTH new-pass-2\r\n").readLine()).isEqualTo("+OK");
            assertThat(raw.send("SET auth:switch v\r\n").readLine()).isEqualTo("+OK");
        }
    }

    @Test
    void eitherRotatedPasswordLogsInAsTheDefaultUser() throws Exception {
        try (Jedis withOld = new Jedis("127.0.0.1", slotway.port());
             Jedis withNew = new Jedis("127.0.0.1", slotway.port())) {
            assertThat(withOld.auth("old-pass-1")).isEqualTo("OK");
            assertThat(withNew.auth("default", "new-pass-2")).isEqualTo("OK");
            assertThat(withOld.set("auth:rotated", "v")).isEqualTo("OK");
            assertThat(withNew.get("auth:rotated")).isEqualTo("v");
            assertThat(withNew.flushDB()).as("the default user may run everything not denied").isEqualTo("OK");
        }
    }

    @Test
    void userRunsOnlyWhatItsRulesAllow() throws Exception {
        try (RawClient raw = new RawClient(slotway.port())) {
            assertThat(raw.send("AUTH reader reader-pass-3\r\n").readLine()).isEqualTo("+OK");
            assertThat(raw.send("GET auth:missing\r\n").readLine()).isEqualTo("$-1");
            assertThat(raw.send("SET auth:k v\r\n").readLine())
                    .isEqualTo("-NOPERM this user has no permissions to run the 'set' command");
            assertThat(raw.send("KEYS *\r\n").readLine()).as("@read but also @dangerous")
                    .isEqualTo("-NOPERM this user has no permissions to run the 'keys' command");
        }
    }

    @Test
    void helloAuthLogsInAndSetsTheName() throws Exception {
        try (RawClient raw = new RawClient(slotway.port())) {
            assertThat(raw.send("HELLO 2 AUTH reader reader-pass-3 SETNAME app\r\n").readLine()).isEqualTo("*14");
            // Bounded: the 14 elements of the HELLO map, some of them two lines long.
            for (int i = 0; i < 30 && !raw.readLine().equals("modules"); i++) {
                assertThat(i).isLessThan(29);
            }
            assertThat(raw.readLine()).isEqualTo("*0");
            assertThat(raw.send("CLIENT GETNAME\r\n").readLine()).isEqualTo("-NOPERM this user has no permissions "
                    + "to run the 'client|getname' command");
            assertThat(raw.send("EXISTS auth:none\r\n").readLine()).isEqualTo(":0");
        }
    }

    @Test
    void wrongCredentialsAreRefusedCountedAndLoggedWithoutTheSecret() throws Exception {
        String guess = "guess-9f8e7d";
        try (CapturedLogs logs = new CapturedLogs(); RawClient raw = new RawClient(slotway.port())) {
            assertThat(raw.send("AUTH " + guess + "\r\n").readLine())
                    .isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.");
            assertThat(raw.send("AUTH reader " + guess + "\r\n").readLine()).startsWith("-WRONGPASS");
            assertThat(raw.send("AUTH nobody " + guess + "\r\n").readLine()).startsWith("-WRONGPASS");
            assertThat(raw.send("HELLO 2 AUTH reader " + guess + "\r\n").readLine()).startsWith("-WRONGPASS");
            assertThat(raw.send("GET k\r\n").readLine()).isEqualTo("-NOAUTH Authentication required.");
            assertThat(logs.lines()).anySatisfy(line -> assertThat(line)
                    .startsWith("WARN").contains("failed to authenticate as user 'reader'"));
            assertThat(logs.lines()).noneMatch(line -> line.contains(guess) || line.contains("reader-pass-3"));
        }
        String metrics = new AdminClient(slotway.server().adminPort()).get("/metrics").body();
        assertThat(metrics).containsPattern("slotway_auth_failures_total ([4-9]|[1-9][0-9])\\.0");
        assertThat(new AdminClient(slotway.server().adminPort()).get("/config").body())
                .doesNotContain("old-pass-1", "new-pass-2", "reader-pass-3");
    }
}
