package io.slotway.server;

import io.netty.buffer.PooledByteBufAllocator;
import io.slotway.demo.LocalRedis;
import io.slotway.testing.RawClient;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that try to make Slotway hold memory or hang: a huge bulk announced and never sent, one byte at a time,
 * a million pipelined commands. Slotway runs in this JVM, so its pooled direct memory can be watched directly.
 */
class HostileClientsIT {

    private static final long MB = 1024 * 1024;
    private static LocalRedis redis;
    private static TestSlotway slotway;

    @BeforeAll
    static void start() throws Exception {
        redis = LocalRedis.start();
        slotway = TestSlotway.start(TestSlotway.standaloneYaml(redis.port(), "timeouts:\n  command: 10s"));
        try (Jedis jedis = new Jedis("127.0.0.1", slotway.port())) {
            jedis.set("k", "v");
            jedis.set("hundred", "h".repeat(100));
        }
    }

    @AfterAll
    static void stop() {
        slotway.close();
        redis.close();
    }

    private static long directMemory() {
        return PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
    }

    @Test
    void bulkOf512MbAnnouncedButNeverSentHoldsOnlyWhatArrived() throws Exception {
        long before = directMemory();
        try (RawClient liar = new RawClient(slotway.port())) {
            liar.send("*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$536870912\r\n" + "y".repeat(10_000));
            Thread.sleep(300);
            assertThat(directMemory() - before).as("direct memory growth").isLessThan(16 * MB);
            try (Jedis other = new Jedis("127.0.0.1", slotway.port())) {
                assertThat(other.get("k")).as("other clients are served meanwhile").isEqualTo("v");
            }
        }
    }

    @Test
    void clientSendingOneByteAtATimeIsAnsweredAndBlocksNobody() throws Exception {
        try (Socket slow = new Socket("127.0.0.1", slotway.port());
             Jedis other = new Jedis("127.0.0.1", slotway.port())) {
            slow.setSoTimeout(5_000);
            OutputStream out = slow.getOutputStream();
            for (byte b : "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n".getBytes(StandardCharsets.US_ASCII)) {
                out.write(b);
                out.flush();
                assertThat(other.ping()).isEqualTo("PONG");
                Thread.sleep(40);
            }
            byte[] reply = slow.getInputStream().readNBytes("$1\r\nv\r\n".length());
            assertThat(new String(reply, StandardCharsets.US_ASCII)).isEqualTo("$1\r\nv\r\n");
        }
    }

    @Test
    void millionPipelinedCommandsAreAllAnsweredInOrderWithBoundedMemory() throws Exception {
        int commands = 1_000_000;
        byte[] get = "GET hundred\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] expected = ("$100\r\n" + "h".repeat(100) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        AtomicLong peak = new AtomicLong();
        long before = directMemory();
        try (Socket client = new Socket("127.0.0.1", slotway.port())) {
            client.setSoTimeout(30_000);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = new java.io.BufferedOutputStream(client.getOutputStream(), 64 * 1024);
                    for (int i = 0; i < commands; i++) {
                        out.write(get);
                    }
                    out.flush();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            InputStream in = new BufferedInputStream(client.getInputStream(), 64 * 1024);
            byte[] reply = new byte[expected.length];
            // Bounded by the command count; a stalled proxy fails the read with a timeout.
            for (int i = 0; i < commands; i++) {
                assertThat(in.readNBytes(reply, 0, reply.length)).isEqualTo(reply.length);
                if (reply[0] != '$' || reply[6] != 'h' || reply[105] != 'h') {
                    throw new AssertionError("reply " + i + ": " + new String(reply, StandardCharsets.US_ASCII));
                }
                if (i % 10_000 == 0) {
                    peak.accumulateAndGet(directMemory() - before, Math::max);
                }
            }
            writer.get(30, TimeUnit.SECONDS);
        }
        // The replies add up to 108 MB; backpressure keeps Slotway far below holding them all.
        assertThat(peak.get()).as("peak direct memory growth").isLessThan(32 * MB);
    }
}
