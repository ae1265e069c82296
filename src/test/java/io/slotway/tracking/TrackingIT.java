package io.slotway.tracking;

import io.lettuce.core.RedisClient;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.support.caching.CacheAccessor;
import io.lettuce.core.support.caching.CacheFrontend;
import io.lettuce.core.support.caching.ClientSideCaching;
import io.slotway.demo.LocalCluster;
import io.slotway.demo.LocalRedis;
import io.slotway.testing.Closing;
import io.slotway.testing.ThreeModes;
import io.slotway.testing.RawClient;
import io.slotway.testing.RespTranscripts;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client-side caching through Slotway in every upstream mode: a cache that Lettuce keeps with CLIENT TRACKING serves
 * repeated reads without asking the node, and drops a key once anyone changes it, through Slotway or straight on
 * the node, on any shard; and the protocol underneath, push by push.
 */
class TrackingIT {

    private static ThreeModes modes;

    @BeforeAll
    static void start() throws Exception {
        modes = ThreeModes.start();
    }

    @AfterAll
    static void stop() {
        Closing.all(Arrays.asList(modes));
    }

    private static int port(String mode) {
        return modes.port(mode);
    }

    private static List<LocalRedis> nodes(String mode) {
        return modes.nodes(mode);
    }

    /** The node {@code key} lives on, once written through Slotway. */
    private static LocalRedis holder(String mode, String key) throws IOException {
        for (LocalRedis node : nodes(mode)) {
            try {
                if ((Long) LocalCluster.call(node, "EXISTS", key) == 1) {
                    return node;
                }
            } catch (IOException moved) {
                // Another cluster node holds the slot.
            }
        }
        throw new IllegalStateException(key + " is on no node");
    }

    private static long gets(LocalRedis node) throws IOException {
        String stats = (String) LocalCluster.call(node, "INFO", "commandstats");
        String calls = stats.replaceAll("(?s).*cmdstat_get:calls=(\\d+),.*", "$1");
        return calls.equals(stats) ? 0 : Long.parseLong(calls);
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        // Bounded: 200 tries, 25 ms apart.
        for (int i = 0; i < 200; i++) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(25);
        }
        return condition.getAsBoolean();
    }

    @ParameterizedTest
    @ValueSource(strings = {"standalone", "sharded", "cluster"})
    void lettucesCacheIsServedLocallyAndInvalidatedByEveryWriter(String mode) throws Exception {
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + port(mode));
        Map<String, String> cache = new ConcurrentHashMap<>();
        try (StatefulRedisConnection<String, String> writer = client.connect();
             StatefulRedisConnection<String, String> reader = client.connect()) {
            CacheFrontend<String, String> frontend = ClientSideCaching.enable(CacheAccessor.forMap(cache), reader,
                    TrackingArgs.Builder.enabled());
            for (String key : List.of("cached:" + mode + ":a", "cached:" + mode + ":b", "cached:" + mode + ":c")) {
                writer.sync().set(key, "v1");
                LocalRedis node = holder(mode, key);
                assertThat(frontend.get(key)).isEqualTo("v1");
                long before = gets(node);
                for (int i = 0; i < 20; i++) {
                    assertThat(frontend.get(key)).isEqualTo("v1");
                }
                assertThat(gets(node) - before).as("GETs the node saw for 20 cached reads").isZero();

                writer.sync().set(key, "through-slotway");
                assertThat(eventually(() -> !cache.containsKey(key))).as("invalidated by a write through Slotway")
                        .isTrue();
                assertThat(frontend.get(key)).isEqualTo("through-slotway");

                LocalCluster.call(node, "SET", key, "on-the-node");
                assertThat(eventually(() -> !cache.containsKey(key))).as("invalidated by a write on the node")
                        .isTrue();
                assertThat(frontend.get(key)).isEqualTo("on-the-node");
            }
        } finally {
            client.shutdown();
        }
    }


    private static String invalidation(String... keys) {
        StringBuilder out = new StringBuilder(">2\r\n$10\r\ninvalidate\r\n*").append(keys.length).append("\r\n");
        for (String key : keys) {
            out.append('$').append(key.length()).append("\r\n").append(key).append("\r\n");
        }
        return out.toString();
    }

    @Test
    void aReadKeyIsInvalidatedOnceAndNoLoopSkipsTheClientsOwnWrites() throws Exception {
        try (RawClient tracker = new RawClient(modes.standalone().port()); RawClient other = new RawClient(modes.standalone().port())) {
            tracker.call("HELLO", "3");
            assertThat(tracker.call("CLIENT", "TRACKING", "on", "NOLOOP")).isEqualTo("+OK\r\n");
            tracker.call("GET", "raw:k");
            other.call("SET", "raw:k", "1");
            assertThat(RespTranscripts.readReply(tracker)).isEqualTo(invalidation("raw:k"));
            // Not read again, so not tracked: this write is not announced, as in Redis.
            other.call("SET", "raw:k", "2");
            tracker.call("GET", "raw:k");
            // Its own write is not announced to a NOLOOP client.
            assertThat(tracker.call("SET", "raw:k", "3")).isEqualTo("+OK\r\n");
            assertThat(tracker.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(tracker.call("CLIENT", "LIST", "ID", tracker.call("CLIENT", "ID").substring(1).trim()))
                    .contains(" flags=t ").contains(" redir=0 ");
        }
    }

    @Test
    void broadcastClientsHearOfEveryKeyWithTheirPrefixes() throws Exception {
        try (RawClient tracker = new RawClient(modes.standalone().port())) {
            tracker.call("HELLO", "3");
            assertThat(tracker.call("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "news:")).isEqualTo("+OK\r\n");
            // Bounded: 100 tries for the listener to be live, then one write it must hear of.
            String heard = null;
            for (int i = 0; i < 100 && heard == null; i++) {
                LocalCluster.call(modes.redis(), "SET", "other:" + i, "x");
                LocalCluster.call(modes.redis(), "SET", "news:" + i, "x");
                tracker.timeout(50);
                try {
                    heard = RespTranscripts.readReply(tracker);
                } catch (IOException nothingYet) {
                    // Not live yet.
                }
            }
            tracker.timeout(5000);
            assertThat(heard).startsWith(">2\r\n$10\r\ninvalidate\r\n*1\r\n$").contains("news:")
                    .doesNotContain("other:");
        }
    }

    @Test
    void optInCachesOnlyAfterCachingYes() throws Exception {
        try (RawClient tracker = new RawClient(modes.standalone().port())) {
            tracker.call("HELLO", "3");
            tracker.call("CLIENT", "TRACKING", "on", "OPTIN");
            tracker.call("GET", "optin:not");
            tracker.call("CLIENT", "CACHING", "yes");
            tracker.call("GET", "optin:yes");
            LocalCluster.call(modes.redis(), "MSET", "optin:not", "1", "optin:yes", "1");
            assertThat(RespTranscripts.readReply(tracker)).isEqualTo(invalidation("optin:yes"));
        }
    }

    @Test
    void aReadInMultiIsTrackedWhenExecRunsIt() throws Exception {
        try (RawClient tracker = new RawClient(modes.standalone().port())) {
            tracker.call("HELLO", "3");
            tracker.call("CLIENT", "TRACKING", "on");
            tracker.call("MULTI");
            assertThat(tracker.call("GET", "multi:k")).isEqualTo("+QUEUED\r\n");
            // Changed before EXEC runs the read: nothing was read yet, so nothing is announced.
            LocalCluster.call(modes.redis(), "SET", "multi:k", "before-exec");
            assertThat(tracker.call("EXEC")).isEqualTo("*1\r\n$11\r\nbefore-exec\r\n");
            LocalCluster.call(modes.redis(), "SET", "multi:k", "after-exec");
            assertThat(RespTranscripts.readReply(tracker)).isEqualTo(invalidation("multi:k"));
        }
    }

    @Test
    void cachingNoIsUsedUpByAnyCommandEvenARefusedOne() throws Exception {
        try (RawClient tracker = new RawClient(modes.standalone().port())) {
            tracker.call("HELLO", "3");
            tracker.call("CLIENT", "TRACKING", "on", "OPTOUT");
            tracker.call("CLIENT", "CACHING", "no");
            assertThat(tracker.call("NOSUCHCOMMAND")).startsWith("-ERR unknown command");
            // The word went with the refused command: this read is cached, so tracked.
            tracker.call("GET", "optout:k");
            LocalCluster.call(modes.redis(), "SET", "optout:k", "changed");
            assertThat(RespTranscripts.readReply(tracker)).isEqualTo(invalidation("optout:k"));
        }
    }

    @Test
    void aResp2ClientsInvalidationsGoToItsRedirectTargetAsRedisSendsThem() throws Exception {
        try (RawClient target = new RawClient(modes.standalone().port());
             RawClient tracker = new RawClient(modes.standalone().port())) {
            String targetId = target.call("CLIENT", "ID").substring(1).trim();
            assertThat(target.call("SUBSCRIBE", "__redis__:invalidate")).startsWith("*3\r\n$9\r\nsubscribe\r\n");
            assertThat(tracker.call("CLIENT", "TRACKING", "on", "REDIRECT", targetId)).isEqualTo("+OK\r\n");
            assertThat(tracker.call("CLIENT", "GETREDIR")).isEqualTo(":" + targetId + "\r\n");
            tracker.call("GET", "redirected:k");
            LocalCluster.call(modes.redis(), "SET", "redirected:k", "changed");
            assertThat(RespTranscripts.readReply(target)).isEqualTo("*3\r\n$7\r\nmessage\r\n$20\r\n"
                    + "__redis__:invalidate\r\n*1\r\n$12\r\nredirected:k\r\n");
            assertThat(tracker.call("CLIENT", "TRACKING", "on", "REDIRECT", "987654321"))
                    .isEqualTo("-ERR The client ID you want redirect to does not exist\r\n");
        }
    }

    @Test
    void pastTheTableLimitTheOldestKeyIsInvalidated() throws Exception {
        try (TestSlotway small = TestSlotway.start(TestSlotway.standaloneYaml(modes.redis().port(), """
                limits:
                  tracking_table_max_keys: 3
                """)); RawClient tracker = new RawClient(small.port())) {
            tracker.call("HELLO", "3");
            tracker.call("CLIENT", "TRACKING", "on");
            for (String key : List.of("table:1", "table:2", "table:3")) {
                tracker.call("GET", key);
            }
            // The fourth key pushes the first out: its cached value can no longer be vouched for.
            tracker.send(RespTranscripts.encode(List.of("GET", "table:4")));
            String first = RespTranscripts.readReply(tracker);
            String second = RespTranscripts.readReply(tracker);
            assertThat(List.of(first, second)).containsExactlyInAnyOrder("_\r\n", invalidation("table:1"));
        }
    }

    @Test
    void aFlushOnTheNodeFlushesEveryCache() throws Exception {
        try (RawClient tracker = new RawClient(modes.standalone().port())) {
            tracker.call("HELLO", "3");
            tracker.call("CLIENT", "TRACKING", "on");
            tracker.call("GET", "flushed:k");
            LocalCluster.call(modes.redis(), "FLUSHALL");
            assertThat(RespTranscripts.readReply(tracker)).isEqualTo(">2\r\n$10\r\ninvalidate\r\n_\r\n");
        }
    }
}
