package io.slotway.pubsub;

import io.slotway.demo.LocalCluster;
import io.slotway.demo.LocalRedis;
import io.slotway.testing.RawClient;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the pub/sub tests do with a raw subscriber: read its frames, find where its subscription lives, wait. */
final class Subscribers {

    private Subscribers() {
    }

    /** A pub/sub frame (an array of bulk strings and integers) as its elements' text. */
    static List<String> readArray(RawClient client) throws IOException {
        String header = client.readLine();
        if (!header.startsWith("*")) {
            throw new IOException("not an array: " + header);
        }
        List<String> elements = new ArrayList<>();
        for (int i = Integer.parseInt(header.substring(1)); i > 0; i--) {
            String line = client.readLine();
            elements.add(line.startsWith("$") ? client.readLine() : line.substring(1));
        }
        return elements;
    }

    /** The primary of {@code cluster} on which Slotway subscribed {@code channel}, or null. */
    static LocalRedis holder(LocalCluster cluster, String channel) {
        for (LocalRedis primary : cluster.primaries()) {
            try (Jedis direct = new Jedis("127.0.0.1", primary.port())) {
                if ((Long) direct.pubsubNumSub(channel).get(channel) > 0) {
                    return primary;
                }
            }
        }
        return null;
    }

    /**
     * Publishes to {@code channel} on {@code node} until {@code client} receives a message, for up to
     * {@code seconds}: the first frame it gets, or null.
     */
    static List<String> publishUntilReceived(RawClient client, LocalRedis node, String channel, int seconds)
            throws IOException {
        client.timeout(300);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        // Bounded by the deadline.
        for (int i = 0; System.nanoTime() < deadline; i++) {
            try (Jedis publisher = new Jedis("127.0.0.1", node.port())) {
                publisher.publish(channel, "m" + i);
            }
            try {
                return readArray(client);
            } catch (SocketTimeoutException notYet) {
                // Not subscribed again yet.
            }
        }
        return null;
    }
}
