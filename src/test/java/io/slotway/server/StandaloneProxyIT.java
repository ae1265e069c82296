package io.slotway.server;

import io.slotway.demo.LocalRedis;
import io.slotway.testing.CommonCommandSuite;
import io.slotway.testing.RawClient;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Jedis through Slotway in front of one real redis-server. */
class StandaloneProxyIT {

    private static LocalRedis redis;
    private static TestSlotway slotway;

    @BeforeAll
    static void start() throws Exception {
        redis = LocalRedis.start();
        // Generous deadline: a 100 MB value crosses the proxy twice under PARANOID leak tracking.
        slotway = TestSlotway.start(TestSlotway.standaloneYaml(redis.port(), "timeouts:\n  command: 60s"));
    }

    @AfterAll
    static void stop() {
        slotway.close();
        redis.close();
    }

    private Jedis client() {
        return new Jedis("127.0.0.1", slotway.port(), 10_000);
    }

    @Test
    void everyDataTypesCommonCommandsWorkThroughTheProxy() {
        try (Jedis jedis = client()) {
            new CommonCommandSuite(jedis, "common:").runAll();
        }
    }

    @Test
    void writesThroughTheProxyAreInRedis() {
        try (Jedis jedis = client(); Jedis direct = new Jedis("127.0.0.1", redis.port())) {
            jedis.set("through", "proxy");
            assertThat(direct.get("through")).isEqualTo("proxy");
        }
    }

    @Test
    void pipelineOfTenThousandCommandsGetsEveryReplyInOrder() {
        try (Jedis jedis = client()) {
            Pipeline pipeline = jedis.pipelined();
            List<Response<String>> sets = new ArrayList<>();
            List<Response<String>> gets = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                sets.add(pipeline.set("pipe:" + i, "value-" + i));
                gets.add(pipeline.get("pipe:" + i));
            }
            pipeline.sync();
            for (int i = 0; i < 5_000; i++) {
                assertThat(sets.get(i).get()).isEqualTo("OK");
                assertThat(gets.get(i).get()).isEqualTo("value-" + i);
            }
        }
    }

    @Test
    void binaryKeysAndValuesKeepEveryByte() {
        byte[] key = new byte[256];
        byte[] value = new byte[256];
        for (int i = 0; i < 256; i++) {
            key[i] = (byte) i;
            value[i] = (byte) (255 - i);
        }
        try (Jedis jedis = client()) {
            jedis.set(key, value);
            assertThat(jedis.get(key)).isEqualTo(value);
            byte[] crlf = "\r\n*1\r\n$4\r\nPING\r\n".getBytes();
            jedis.set(crlf, crlf);
            assertThat(jedis.get(crlf)).isEqualTo(crlf);
        }
    }

    @Test
    void hundredMegabyteValueRoundTrips() {
        byte[] value = new byte[100 * 1024 * 1024];
        new Random(7).nextBytes(value);
        try (Jedis jedis = client()) {
            assertThat(jedis.set("big".getBytes(), value)).isEqualTo("OK");
            byte[] back = jedis.get("big".getBytes());
            assertThat(back.length).isEqualTo(value.length);
            assertThat(Arrays.equals(back, value)).isTrue();
            jedis.del("big");
        }
    }

    @Test
    void selectIsIsolatedBetweenTwoClients() {
        try (Jedis one = client(); Jedis two = client()) {
            assertThat(one.select(3)).isEqualTo("OK");
            one.set("selected", "in-3");
            two.set("selected", "in-0");
            assertThat(one.get("selected")).isEqualTo("in-3");
            assertThat(two.get("selected")).isEqualTo("in-0");
            try (Jedis direct = new Jedis("127.0.0.1", redis.port())) {
                direct.select(3);
                assertThat(direct.get("selected")).isEqualTo("in-3");
            }
        }
    }

    @Test
    void selectOutOfRangeIsRefusedLikeRedis() {
        try (Jedis jedis = client()) {
            assertThatThrownBy(() -> jedis.select(99)).hasMessage("ERR DB index is out of range");
        }
    }

    @Test
    void unknownCommandGetsRedisError() {
        try (RawClient raw = new RawClient(slotway.port())) {
            raw.send("*2\r\n$7\r\nNOTACMD\r\n$1\r\nx\r\n");
            assertThat(raw.readLine()).isEqualTo("-ERR unknown command 'NOTACMD', with args beginning with: 'x' ");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void wrongArityGetsRedisError() {
        try (Jedis jedis = client()) {
            assertThatThrownBy(() -> jedis.sendCommand(() -> "GET".getBytes()))
                    .isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR wrong number of arguments for 'get' command");
        }
    }

    @Test
    void unsupportedCommandsGetAClearErrorNamingThemNeverAHang() throws Exception {
        try (RawClient raw = new RawClient(slotway.port())) {
            raw.send("WAIT 1 0\r\n");
            assertThat(raw.readLine()).startsWith("-ERR WAIT is not supported by Slotway");
            raw.send("MONITOR\r\n");
            assertThat(raw.readLine()).isEqualTo("-ERR 'MONITOR' is denied by Slotway (commands.deny)");
            raw.send("XREAD STREAMS s 0\r\n");
            assertThat(raw.readLine()).isEqualTo("*-1");
        }
    }

    @Test
    void inlineCommandsWork() throws Exception {
        try (RawClient raw = new RawClient(slotway.port())) {
            raw.send("SET inline \"a b\"\r\nGET inline\r\n");
            assertThat(raw.readLine()).isEqualTo("+OK");
            assertThat(raw.readLine()).isEqualTo("$3");
            assertThat(raw.readLine()).isEqualTo("a b");
        }
    }

    @Test
    void protocolErrorIsAnsweredThenTheConnectionIsClosed() throws Exception {
        try (RawClient raw = new RawClient(slotway.port())) {
            raw.send("*1\r\n$4\r\nPING\r\n*1\r\n+OK\r\n");
            assertThat(raw.readLine()).isEqualTo("+PONG");
            assertThat(raw.readLine()).isEqualTo("-ERR Protocol error: expected '$', got '+'");
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void oversizedBulkIsRefusedWithTheBound() throws Exception {
        try (RawClient raw = new RawClient(slotway.port())) {
            raw.send("*2\r\n$3\r\nGET\r\n$600000000\r\n");
            assertThat(raw.readLine())
                    .isEqualTo("-ERR Protocol error: invalid bulk length 600000000 (expected: <= 536870912)");
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void pingEchoAndQuitAreAnsweredBySlotway() throws Exception {
        try (RawClient raw = new RawClient(slotway.port())) {
            raw.send("PING\r\nPING hello\r\nECHO there\r\nQUIT\r\nPING\r\n");
            assertThat(raw.readLine()).isEqualTo("+PONG");
            assertThat(raw.readLine()).isEqualTo("$5");
            assertThat(raw.readLine()).isEqualTo("hello");
            assertThat(raw.readLine()).isEqualTo("$5");
            assertThat(raw.readLine()).isEqualTo("there");
            assertThat(raw.readLine()).isEqualTo("+OK");
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void helloTwoDescribesTheConnection() {
        try (Jedis jedis = client()) {
            @SuppressWarnings("unchecked")
            List<Object> hello = (List<Object>) jedis.sendCommand(() -> "HELLO".getBytes(), "2");
            assertThat(new String((byte[]) hello.get(0))).isEqualTo("server");
            assertThat(hello.get(5)).isEqualTo(2L);
        }
    }

    @Test
    void clientNameAndIdArePerConnection() {
        try (Jedis one = client(); Jedis two = client()) {
            one.clientSetname("first");
            assertThat(one.clientGetname()).isEqualTo("first");
            assertThat(two.clientGetname()).isNull();
            assertThat(one.clientId()).isNotEqualTo(two.clientId());
            assertThat(one.sendCommand(() -> "CLIENT".getBytes(), "SETINFO", "LIB-NAME", "x")).isNotNull();
        }
    }

    @Test
    void commandMetadataComesFromTheTable() {
        try (Jedis jedis = client(); Jedis direct = new Jedis("127.0.0.1", redis.port())) {
            assertThat(jedis.commandCount()).isEqualTo(direct.commandCount());
            Object info = jedis.sendCommand(() -> "COMMAND".getBytes(), "INFO", "get", "nosuch");
            assertThat((List<?>) info).hasSize(2);
            assertThat(((List<?>) info).get(1)).isNull();
            assertThat(jedis.commandGetKeys("SET", "k", "v")).containsExactly("k");
        }
    }
}
