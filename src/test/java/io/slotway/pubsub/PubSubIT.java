package io.slotway.pubsub;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.slotway.demo.LocalCluster;
import io.slotway.demo.LocalRedis;
import io.slotway.testing.AdminClient;
import io.slotway.testing.ClusterMoves;
import io.slotway.testing.RawClient;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static io.slotway.pubsub.Subscribers.readArray;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pub/sub through Slotway against real Redis: Redis's RESP2 rules for a subscribed client, byte for byte; messages
 * published through Slotway and straight to a node reach Slotway's subscribers; a loop's clients share one upstream
 * subscription per name; and where each kind of subscription is made in sharded and cluster mode.
 */
class PubSubIT {

    private static LocalRedis single;
    private static TestSlotway slotway;
    private static final List<LocalRedis> shards = new ArrayList<>();
    private static TestSlotway sharded;
    private static LocalCluster cluster;
    private static TestSlotway clustered;

    @BeforeAll
    static void start() throws Exception {
        single = LocalRedis.start();
        slotway = TestSlotway.standalone(single.port());
        for (int i = 0; i < 3; i++) {
            shards.add(LocalRedis.start());
        }
        sharded = TestSlotway.start(TestSlotway.shardedYaml(shards, ""));
        cluster = LocalCluster.start(3, 0);
        clustered = TestSlotway.start(TestSlotway.clusterYaml(cluster, ""));
    }

    @AfterAll
    static void stop() {
        for (TestSlotway proxy : new TestSlotway[] {slotway, sharded, clustered}) {
            proxy.close();
        }
        single.close();
        shards.forEach(LocalRedis::close);
        cluster.close();
    }

    @Test
    void subscribedClientIsAnsweredAsRedisAnswersItByteForByte() throws Exception {
        String script = command("UNSUBSCRIBE") + command("SUBSCRIBE", "a", "b", "a") + command("PSUBSCRIBE", "p*")
                + command("SSUBSCRIBE", "s1") + command("GET", "x") + command("PING") + command("PING", "hi")
                + command("UNSUBSCRIBE", "zz") + command("UNSUBSCRIBE", "a") + command("UNSUBSCRIBE")
                + command("PUNSUBSCRIBE") + command("SUNSUBSCRIBE") + command("SUNSUBSCRIBE") + command("GET", "x");
        // 14 commands; the SUBSCRIBE of three names answers three frames.
        int frames = 16;
        assertThat(exchange(slotway.port(), script, frames)).isEqualTo(exchange(single.port(), script, frames));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"standalone", "sharded", "cluster"})
    void jedisLettuceAndRedisCliSubscribersEachGetWhatIsPublishedInEveryMode(String mode) throws Exception {
        TestSlotway proxy = switch (mode) {
            case "standalone" -> slotway;
            case "sharded" -> sharded;
            default -> clustered;
        };
        String channel = "every:" + mode;
        BlockingQueue<String> jedisGot = new LinkedBlockingQueue<>();
        CountDownLatch jedisSubscribed = new CountDownLatch(1);
        JedisPubSub jedisListener = new JedisPubSub() {
            @Override
            public void onSubscribe(String name, int count) {
                jedisSubscribed.countDown();
            }

            @Override
            public void onMessage(String name, String message) {
                jedisGot.add(message);
            }
        };
        Thread jedisThread = new Thread(() -> {
            try (Jedis jedis = new Jedis("127.0.0.1", proxy.port())) {
                jedis.subscribe(jedisListener, channel);
            }
        });
        jedisThread.start();
        RedisClient lettuce = RedisClient.create("redis://127.0.0.1:" + proxy.port());
        Process cli = new ProcessBuilder("redis-cli", "-p", Integer.toString(proxy.port()), "SUBSCRIBE", channel)
                .redirectErrorStream(true).start();
        try (StatefulRedisPubSubConnection<String, String> connection = lettuce.connectPubSub();
             java.io.BufferedReader cliOut = new java.io.BufferedReader(
                     new java.io.InputStreamReader(cli.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
            BlockingQueue<String> lettuceGot = new LinkedBlockingQueue<>();
            connection.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String name, String message) {
                    lettuceGot.add(message);
                }
            });
            connection.sync().subscribe(channel);
            assertThat(jedisSubscribed.await(5, TimeUnit.SECONDS)).isTrue();
            // redis-cli prints the acknowledgement's three elements once subscribed.
            for (int line = 0; line < 3; line++) {
                assertThat(cliOut.readLine()).isNotNull();
            }
            try (Jedis publisher = new Jedis("127.0.0.1", proxy.port())) {
                publisher.publish(channel, "to all three");
            }
            assertThat(jedisGot.poll(5, TimeUnit.SECONDS)).isEqualTo("to all three");
            assertThat(lettuceGot.poll(5, TimeUnit.SECONDS)).isEqualTo("to all three");
            assertThat(List.of(cliOut.readLine(), cliOut.readLine(), cliOut.readLine()))
                    .containsExactly("message", channel, "to all three");
        } finally {
            cli.destroy();
            lettuce.shutdown();
            jedisListener.unsubscribe();
            jedisThread.join(5000);
        }
    }

    @Test
    void userWhoseRulesForbidPubSubIsRefused() throws Exception {
        try (TestSlotway guarded = TestSlotway.start(TestSlotway.standaloneYaml(single.port(), """
                auth:
                  users:
                    quiet:
                      password: quiet-pass-1
                      commands: "+@all -@pubsub"
                """));
             RawClient client = new RawClient(guarded.port())) {
            client.send(command("AUTH", "quiet", "quiet-pass-1"));
            assertThat(client.readLine()).isEqualTo("+OK");
            client.send(command("SUBSCRIBE", "forbidden"));
            assertThat(client.readLine()).startsWith("-NOPERM");
            client.send(command("PSUBSCRIBE", "forbidden*"));
            assertThat(client.readLine()).startsWith("-NOPERM");
            client.send(command("GET", "allowed"));
            assertThat(client.readLine()).as("not in subscribed mode").isEqualTo("$-1");
        }
    }

    @Test
    void jedisSubscriberGetsMessagesPublishedThroughSlotwayAndStraightToRedis() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        CountDownLatch subscribed = new CountDownLatch(1);
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onSubscribe(String channel, int count) {
                subscribed.countDown();
            }

            @Override
            public void onMessage(String channel, String message) {
                received.add(channel + ":" + message);
            }
        };
        Thread thread = new Thread(() -> {
            try (Jedis jedis = new Jedis("127.0.0.1", slotway.port())) {
                jedis.subscribe(listener, "news");
            }
        });
        thread.start();
        assertThat(subscribed.await(5, TimeUnit.SECONDS)).isTrue();
        try (Jedis viaSlotway = new Jedis("127.0.0.1", slotway.port());
             Jedis direct = new Jedis("127.0.0.1", single.port())) {
            viaSlotway.publish("news", "one");
            direct.publish("news", "two");
        }
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("news:one");
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("news:two");
        listener.unsubscribe();
        thread.join(5000);
        assertThat(thread.isAlive()).isFalse();
    }

    @Test
    void lettuceSubscriberGetsChannelAndPatternMessages() throws Exception {
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + slotway.port());
        try (StatefulRedisPubSubConnection<String, String> connection = client.connectPubSub()) {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            connection.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    received.add(channel + ":" + message);
                }

                @Override
                public void message(String pattern, String channel, String message) {
                    received.add(pattern + ">" + channel + ":" + message);
                }
            });
            connection.sync().subscribe("lettuce");
            connection.sync().psubscribe("lett*");
            try (Jedis publisher = new Jedis("127.0.0.1", slotway.port())) {
                assertThat(publisher.publish("lettuce", "hi")).as("one channel and one pattern subscription").isEqualTo(2);
            }
            List<String> got = List.of(received.poll(5, TimeUnit.SECONDS), received.poll(5, TimeUnit.SECONDS));
            assertThat(got).containsExactlyInAnyOrder("lettuce:hi", "lett*>lettuce:hi");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void manyClientsOnOneChannelShareOneUpstreamSubscriptionPerEventLoopAndEachGetsEveryMessageOnce()
            throws Exception {
        int clients = 200;
        List<RawClient> subscribers = new ArrayList<>();
        try (Jedis redis = new Jedis("127.0.0.1", single.port())) {
            for (int i = 0; i < clients; i++) {
                RawClient subscriber = new RawClient(slotway.port());
                subscribers.add(subscriber);
                subscriber.send(command("SUBSCRIBE", "fan"));
                assertThat(readArray(subscriber)).containsExactly("subscribe", "fan", "1");
            }
            long upstream = (Long) redis.pubsubNumSub("fan").get("fan");
            assertThat(upstream).as("one per event loop (2), not one per client").isBetween(1L, 2L);
            try (Jedis publisher = new Jedis("127.0.0.1", slotway.port())) {
                for (int m = 0; m < 5; m++) {
                    publisher.publish("fan", "m" + m);
                }
            }
            for (RawClient subscriber : subscribers) {
                for (int m = 0; m < 5; m++) {
                    assertThat(readArray(subscriber)).containsExactly("message", "fan", "m" + m);
                }
            }
            for (RawClient subscriber : subscribers) {
                subscriber.close();
            }
            assertThat(eventually(() -> ((Long) redis.pubsubNumSub("fan").get("fan")) == 0))
                    .as("the last client leaving unsubscribes upstream").isTrue();
        } finally {
            for (RawClient subscriber : subscribers) {
                subscriber.close();
            }
        }
    }

    @Test
    void resetLeavesEverySubscriptionAndTheClientRunsCommandsAgain() throws Exception {
        try (RawClient client = new RawClient(slotway.port());
             Jedis redis = new Jedis("127.0.0.1", single.port())) {
            client.send(command("SUBSCRIBE", "r1") + command("PSUBSCRIBE", "r*"));
            readArray(client);
            readArray(client);
            client.send(command("RESET") + command("GET", "nothing"));
            assertThat(client.readLine()).isEqualTo("+RESET");
            assertThat(client.readLine()).isEqualTo("$-1");
            assertThat(eventually(() -> ((Long) redis.pubsubNumSub("r1").get("r1")) == 0
                    && redis.pubsubNumPat() == 0)).isTrue();
        }
    }

    @Test
    void metricsCountSubscribersSubscriptionsConnectionsAndDeliveries() throws Exception {
        try (TestSlotway measured = TestSlotway.start(TestSlotway.standaloneYaml(single.port(), """
                admin: 127.0.0.1:0
                event_loop_threads: 1
                """));
             RawClient first = new RawClient(measured.port());
             RawClient second = new RawClient(measured.port());
             Jedis publisher = new Jedis("127.0.0.1", measured.port())) {
            AdminClient admin = new AdminClient(measured.server().adminPort());
            first.send(command("SUBSCRIBE", "counted") + command("PSUBSCRIBE", "count*"));
            readArray(first);
            readArray(first);
            second.send(command("SUBSCRIBE", "counted"));
            readArray(second);
            publisher.publish("counted", "x");
            for (int i = 0; i < 2; i++) {
                readArray(first);
            }
            readArray(second);
            String metrics = admin.get("/metrics").body();
            assertThat(metrics).contains("slotway_pubsub_subscribers 2.0", "slotway_pubsub_subscriptions 2.0",
                    "slotway_pubsub_upstream_connections 1.0", "slotway_pubsub_messages_delivered_total 3.0");
            first.send(command("RESET"));
            assertThat(first.readLine()).isEqualTo("+RESET");
            assertThat(admin.get("/metrics").body()).contains("slotway_pubsub_subscribers 1.0",
                    "slotway_pubsub_subscriptions 1.0");
        }
    }

    @Test
    void pubsubNumsubCountsSlotwaysClientsNotItsConnections() throws Exception {
        List<RawClient> clients = new ArrayList<>();
        try (Jedis direct = new Jedis("127.0.0.1", single.port());
             Jedis viaSlotway = new Jedis("127.0.0.1", slotway.port());
             RawClient directSubscriber = new RawClient(single.port())) {
            for (int i = 0; i < 3; i++) {
                RawClient client = new RawClient(slotway.port());
                clients.add(client);
                client.send(command("SUBSCRIBE", "counted"));
                readArray(client);
            }
            directSubscriber.send(command("SUBSCRIBE", "counted"));
            readArray(directSubscriber);
            assertThat(direct.pubsubNumSub("counted").get("counted")).as("Redis sees Slotway's connections")
                    .isLessThan(4L);
            assertThat(viaSlotway.pubsubNumSub("counted", "nobody"))
                    .containsEntry("counted", 4L).containsEntry("nobody", 0L);
            assertThat(viaSlotway.pubsubChannels("count*")).containsExactly("counted");
        } finally {
            for (RawClient client : clients) {
                client.close();
            }
        }
    }

    @Test
    void shardedNumpatCountsAPatternOnceThoughItIsOnEveryNode() throws Exception {
        try (RawClient client = new RawClient(sharded.port());
             Jedis viaSlotway = new Jedis("127.0.0.1", sharded.port())) {
            client.send(command("PSUBSCRIBE", "once:*"));
            readArray(client);
            assertThat(viaSlotway.pubsubNumPat()).isEqualTo(1);
        }
    }

    @Test
    void clusterShardnumsubCountsSlotwaysClients() throws Exception {
        try (RawClient first = new RawClient(clustered.port());
             RawClient second = new RawClient(clustered.port());
             Jedis viaSlotway = new Jedis("127.0.0.1", clustered.port())) {
            for (RawClient client : List.of(first, second)) {
                client.send(command("SSUBSCRIBE", "{n}shard"));
                readArray(client);
            }
            Object reply = viaSlotway.sendCommand(Protocol.Command.PUBSUB, "SHARDNUMSUB", "{n}shard");
            assertThat(reply.toString()).isNotNull();
            @SuppressWarnings("unchecked")
            List<Object> items = (List<Object>) reply;
            assertThat(new String((byte[]) items.get(0))).isEqualTo("{n}shard");
            assertThat(items.get(1)).isEqualTo(2L);
        }
    }

    @Test
    void idleTimeoutDoesNotCloseASubscriberWaitingForMessages() throws Exception {
        try (TestSlotway idleLimited = TestSlotway.start(TestSlotway.standaloneYaml(single.port(), """
                limits:
                  client_idle_timeout: 200ms
                """));
             RawClient subscriber = new RawClient(idleLimited.port());
             RawClient idle = new RawClient(idleLimited.port());
             Jedis publisher = new Jedis("127.0.0.1", idleLimited.port())) {
            subscriber.send(command("SUBSCRIBE", "quiet"));
            readArray(subscriber);
            idle.send(command("PING"));
            assertThat(idle.readLine()).isEqualTo("+PONG");
            Thread.sleep(800);
            assertThat(idle.closedByServer()).as("an idle client is closed").isTrue();
            publisher.publish("quiet", "still subscribed");
            assertThat(readArray(subscriber)).containsExactly("message", "quiet", "still subscribed");
        }
    }

    @Test
    void subscriberThatDoesNotReadIsClosedAtItsLimitWhileOthersReceiveEverything() throws Exception {
        try (TestSlotway limited = TestSlotway.start(TestSlotway.standaloneYaml(single.port(), """
                limits:
                  pubsub_output_buffer: 2mb
                """));
             RawClient slow = new RawClient(limited.port());
             Jedis publisher = new Jedis("127.0.0.1", limited.port())) {
            slow.send(command("SUBSCRIBE", "flood"));
            readArray(slow);
            String payload = "x".repeat(64 * 1024);
            int messages = 300;
            AtomicInteger readerGot = new AtomicInteger();
            CountDownLatch subscribed = new CountDownLatch(1);
            JedisPubSub reader = new JedisPubSub() {
                @Override
                public void onSubscribe(String channel, int count) {
                    subscribed.countDown();
                }

                @Override
                public void onMessage(String channel, String message) {
                    if (message.length() == payload.length() && readerGot.incrementAndGet() == messages) {
                        unsubscribe();
                    }
                }
            };
            Thread reading = new Thread(() -> {
                try (Jedis jedis = new Jedis("127.0.0.1", limited.port())) {
                    jedis.subscribe(reader, "flood");
                }
            });
            reading.start();
            assertThat(subscribed.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < messages; i++) {
                publisher.publish("flood", payload);
                if (i % 20 == 19) {
                    // The reader keeps up; only the one that never reads falls behind.
                    int published = i + 1;
                    assertThat(eventually(() -> readerGot.get() >= published - 10)).isTrue();
                }
            }
            reading.join(20_000);
            assertThat(readerGot.get()).as("a reading subscriber gets every message").isEqualTo(messages);
            int slowGot = 0;
            try {
                // Bounded by what was published: the slow client gets what was buffered, then the close.
                for (int i = 0; i < messages; i++) {
                    readArray(slow);
                    slowGot++;
                }
            } catch (IOException closed) {
                // Closed at its limit.
            }
            assertThat(slowGot).as("closed before it got everything").isLessThan(messages);
        }
    }

    @Test
    void subscriberKeepsReceivingAfterItsUpstreamConnectionIsKilled() throws Exception {
        try (RawClient client = new RawClient(slotway.port());
             Jedis redis = new Jedis("127.0.0.1", single.port());
             Jedis publisher = new Jedis("127.0.0.1", slotway.port())) {
            client.send(command("SUBSCRIBE", "survivor"));
            readArray(client);
            // Past a second of service, a connection the node drops says nothing against the node (no backoff).
            Thread.sleep(1_100);
            redis.clientKill(new ClientKillParams().type(ClientType.PUBSUB));
            assertThat(eventually(() -> ((Long) redis.pubsubNumSub("survivor").get("survivor")) == 1))
                    .as("subscribed again on a new connection").isTrue();
            publisher.publish("survivor", "still here");
            assertThat(readArray(client)).containsExactly("message", "survivor", "still here");
        }
    }

    @Test
    void shardedPatternIsSubscribedOnEveryNodeAndEachMessageArrivesOnce() throws Exception {
        try (RawClient client = new RawClient(sharded.port());
             Jedis publisher = new Jedis("127.0.0.1", sharded.port())) {
            client.send(command("PSUBSCRIBE", "feed:*"));
            assertThat(readArray(client)).containsExactly("psubscribe", "feed:*", "1");
            for (LocalRedis node : shards) {
                try (Jedis direct = new Jedis("127.0.0.1", node.port())) {
                    assertThat(direct.pubsubNumPat()).isEqualTo(1);
                }
            }
            for (int i = 0; i < 20; i++) {
                publisher.publish("feed:" + i, "v" + i);
            }
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                got.add(String.join(" ", readArray(client)));
            }
            for (int i = 0; i < 20; i++) {
                assertThat(got).containsOnlyOnce("pmessage feed:* feed:" + i + " v" + i);
            }
            client.timeout(300);
            assertThat(client.closedByServer()).as("nothing more, no duplicate").isFalse();
        }
    }

    @Test
    void shardedChannelIsSubscribedOnTheNodeItsNameHashesTo() throws Exception {
        try (RawClient client = new RawClient(sharded.port());
             Jedis publisher = new Jedis("127.0.0.1", sharded.port())) {
            client.send(command("SUBSCRIBE", "placed"));
            readArray(client);
            long onNodes = 0;
            for (LocalRedis node : shards) {
                try (Jedis direct = new Jedis("127.0.0.1", node.port())) {
                    onNodes += (Long) direct.pubsubNumSub("placed").get("placed");
                }
            }
            assertThat(onNodes).isEqualTo(1);
            assertThat(publisher.publish("placed", "here")).as("PUBLISH, hashed alike, meets it").isEqualTo(1);
            assertThat(readArray(client)).containsExactly("message", "placed", "here");
        }
    }

    @Test
    void shardedShardChannelsAreSubscribedAndPublishedWhereTheirNamesHash() throws Exception {
        try (RawClient client = new RawClient(sharded.port());
             Jedis publisher = new Jedis("127.0.0.1", sharded.port())) {
            List<String> channels = List.of("sp:a", "sp:b", "sp:c", "sp:d", "sp:e", "sp:f");
            for (String channel : channels) {
                client.send(command("SSUBSCRIBE", channel));
                readArray(client);
            }
            for (String channel : channels) {
                assertThat(publisher.sendCommand(Protocol.Command.SPUBLISH, channel, "to " + channel))
                        .as("SPUBLISH meets the subscription of %s", channel).isEqualTo(1L);
                assertThat(readArray(client)).containsExactly("smessage", channel, "to " + channel);
            }
        }
    }

    @Test
    void clusterSubscriberGetsMessagesPublishedOnAnyNode() throws Exception {
        try (RawClient client = new RawClient(clustered.port())) {
            client.send(command("SUBSCRIBE", "everywhere"));
            assertThat(readArray(client)).containsExactly("subscribe", "everywhere", "1");
            int i = 0;
            for (LocalRedis node : cluster.primaries()) {
                try (Jedis direct = new Jedis("127.0.0.1", node.port())) {
                    direct.publish("everywhere", "from" + i++);
                }
            }
            for (int j = 0; j < cluster.primaries().size(); j++) {
                assertThat(readArray(client)).containsExactly("message", "everywhere", "from" + j);
            }
        }
    }

    @Test
    void clusterShardChannelsOfOneCallMustShareASlot() throws Exception {
        try (RawClient client = new RawClient(clustered.port());
             Jedis publisher = new Jedis("127.0.0.1", clustered.port())) {
            client.send(command("SSUBSCRIBE", "{a}x", "{b}y"));
            assertThat(client.readLine()).isEqualTo("-CROSSSLOT Keys in request don't hash to the same slot");
            client.send(command("SSUBSCRIBE", "{a}x", "{a}y"));
            assertThat(readArray(client)).containsExactly("ssubscribe", "{a}x", "1");
            assertThat(readArray(client)).containsExactly("ssubscribe", "{a}y", "2");
            assertThat(publisher.sendCommand(Protocol.Command.SPUBLISH, "{a}y", "sharded"))
                    .isEqualTo(1L);
            assertThat(readArray(client)).containsExactly("smessage", "{a}y", "sharded");
        }
    }

    @Test
    void clusterShardSubscriberFollowsItsSlotToTheNewOwnerWithoutNoticing() throws Exception {
        String channel = "{moving}news";
        LocalRedis from = ClusterMoves.owner(cluster, channel);
        LocalRedis to = ClusterMoves.otherPrimary(cluster, from);
        try (RawClient client = new RawClient(clustered.port());
             Jedis publisher = new Jedis("127.0.0.1", clustered.port())) {
            client.send(command("SSUBSCRIBE", channel));
            assertThat(readArray(client)).containsExactly("ssubscribe", channel, "1");
            ClusterMoves.moveSlot(cluster, channel, from, to);
            assertThat(eventually(() -> {
                try (Jedis direct = new Jedis("127.0.0.1", to.port())) {
                    return ((List<?>) direct.sendCommand(Protocol.Command.PUBSUB, "SHARDNUMSUB", channel))
                            .get(1).equals(1L);
                }
            })).as("subscribed on the new owner").isTrue();
            publisher.sendCommand(Protocol.Command.SPUBLISH, channel, "after the move");
            assertThat(readArray(client)).as("no sunsubscribe first: the client noticed nothing")
                    .containsExactly("smessage", channel, "after the move");
        } finally {
            ClusterMoves.moveSlot(cluster, channel, to, from);
        }
    }

    @Test
    void subscribeToANodeThatIsDownFailsAtOnceAndLeavesTheClientUsable() throws Exception {
        int dead;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            dead = probe.getLocalPort();
        }
        try (TestSlotway nowhere = TestSlotway.start(TestSlotway.standaloneYaml(dead, """
                timeouts:
                  connect: 200ms
                  command: 5s
                """));
             RawClient client = new RawClient(nowhere.port())) {
            for (String channel : List.of("first", "second", "third")) {
                long start = System.nanoTime();
                client.send(command("SUBSCRIBE", channel));
                assertThat(client.readLine()).startsWith("-ERR upstream unavailable");
                assertThat(System.nanoTime() - start).as("not the 5 s command timeout")
                        .isLessThan(TimeUnit.SECONDS.toNanos(3));
            }
            client.send(command("ECHO", "usable"));
            assertThat(readFrame(client)).isEqualTo("$6\r\nusable");
        }
    }

    @Test
    void clusterKeyspaceNotificationsFromEveryShardAreSeen() throws Exception {
        for (LocalRedis node : cluster.primaries()) {
            LocalCluster.call(node, "CONFIG", "SET", "notify-keyspace-events", "KA");
        }
        try (RawClient client = new RawClient(clustered.port());
             Jedis writer = new Jedis("127.0.0.1", clustered.port())) {
            client.send(command("PSUBSCRIBE", "__keyspace@0__:ks*"));
            readArray(client);
            // Keys in slots of all three shards: {a}, {b} and {c} hash to 15495, 3300 and 7365.
            List<String> keys = List.of("ks{a}", "ks{b}", "ks{c}");
            for (String key : keys) {
                writer.set(key, "v");
            }
            List<String> channels = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                List<String> frame = readArray(client);
                assertThat(frame.get(0)).isEqualTo("pmessage");
                assertThat(frame.get(3)).isEqualTo("set");
                channels.add(frame.get(2));
            }
            assertThat(channels).containsExactlyInAnyOrder("__keyspace@0__:ks{a}", "__keyspace@0__:ks{b}",
                    "__keyspace@0__:ks{c}");
        } finally {
            for (LocalRedis node : cluster.primaries()) {
                LocalCluster.call(node, "CONFIG", "SET", "notify-keyspace-events", "");
            }
        }
    }

    private static String command(String... args) {
        StringBuilder out = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            out.append('$').append(arg.length()).append("\r\n").append(arg).append("\r\n");
        }
        return out.toString();
    }

    /** Sends {@code script} and reads {@code frames} replies, each as its lines joined by CRLF. */
    private static List<String> exchange(int port, String script, int frames) throws IOException {
        try (RawClient client = new RawClient(port)) {
            client.send(script);
            List<String> replies = new ArrayList<>();
            for (int i = 0; i < frames; i++) {
                replies.add(readFrame(client));
            }
            return replies;
        }
    }

    private static String readFrame(RawClient client) throws IOException {
        String line = client.readLine();
        StringBuilder frame = new StringBuilder(line);
        if (line.startsWith("*")) {
            int count = Integer.parseInt(line.substring(1));
            for (int i = 0; i < count; i++) {
                frame.append("\r\n").append(readFrame(client));
            }
        } else if (line.startsWith("$") && !line.equals("$-1")) {
            frame.append("\r\n").append(client.readLine());
        }
        return frame.toString();
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        // Bounded by the five seconds.
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
