package io.slotway.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.slotway.config.ConfigLoader;
import io.slotway.config.HostAndPort;
import io.slotway.config.UpstreamConfig;
import io.slotway.loop.LoopServices;
import io.slotway.metrics.NodeMetrics;
import io.slotway.testing.FakeUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A node connection carrying a unit: several commands in one frame, whose replies all belong to one request. */
class UpstreamConnectionIT {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoop loop = group.next();
    private FakeUpstream node;
    private UpstreamConnection connection;

    @BeforeEach
    void connect() throws Exception {
        node = new FakeUpstream();
        UpstreamConfig config = ConfigLoader.parse("""
                listen: 127.0.0.1:0
                upstreams:
                  main:
                    mode: standalone
                    nodes: ["127.0.0.1:%d"]
                routes:
                  default: main
                """.formatted(node.port()), "test").upstreams().get("main");
        UpstreamNode upstreamNode = UpstreamNode.of(config, new HostAndPort("127.0.0.1", node.port()),
                Optional.empty());
        Bootstrap bootstrap = new Bootstrap().channel(NioSocketChannel.class);
        connection = loop.submit(() -> UpstreamConnection.open(bootstrap, upstreamNode, ConnectionSetup.DEFAULT,
                LoopServices.create(loop),
                new UpstreamConnection.Listener() {
                    @Override
                    public void ready(UpstreamConnection ready) {
                    }

                    @Override
                    public void closed(UpstreamConnection closed, boolean wasReady, String cause) {
                    }
                }, TimeUnit.SECONDS.toNanos(10), NodeMetrics.NONE, false)).get();
    }

    @AfterEach
    void close() throws Exception {
        loop.submit(() -> connection.close("test over")).get();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        node.close();
    }

    @Test
    void leadingRepliesOfAUnitGoToItAndTheNextReplyToTheNextRequest() throws Exception {
        Recorded unit = new Recorded("*1\r\n$6\r\nASKING\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", 2);
        Recorded next = new Recorded("*1\r\n$4\r\nPING\r\n", 1);
        loop.submit(() -> {
            connection.send(unit);
            connection.send(next);
        }).get();
        Socket socket = node.nextConnection(5000);
        socket.getOutputStream().write("+OK\r\n$1\r\nv\r\n+PONG\r\n".getBytes(StandardCharsets.US_ASCII));
        awaitReplies(next, 1);
        assertThat(unit.replies).containsExactly("leading +OK\r\n", "$1\r\nv\r\n");
        assertThat(next.replies).containsExactly("+PONG\r\n");
    }

    @Test
    void aUnitWhoseConnectionDiesAfterItsLeadingReplyFailsOnce() throws Exception {
        Recorded unit = new Recorded("*1\r\n$6\r\nASKING\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", 2);
        loop.submit(() -> connection.send(unit)).get();
        Socket socket = node.nextConnection(5000);
        socket.getOutputStream().write("+OK\r\n".getBytes(StandardCharsets.US_ASCII));
        awaitReplies(unit, 1);
        socket.close();
        awaitReplies(unit, 2);
        assertThat(unit.replies.get(1)).startsWith("failed ERR upstream connection lost");
    }

    /** Waits up to 5 s for {@code request} to have {@code count} replies. */
    private static void awaitReplies(Recorded request, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        // Bounded by the deadline.
        while (request.replies.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(request.replies).hasSizeGreaterThanOrEqualTo(count);
    }

    /** Records what reaches it, as text. */
    private static final class Recorded implements UpstreamRequest {

        private final ByteBuf frame;
        private final int count;
        final List<String> replies = new CopyOnWriteArrayList<>();

        Recorded(String frame, int replies) {
            this.frame = Unpooled.unreleasableBuffer(Unpooled.copiedBuffer(frame, StandardCharsets.US_ASCII));
            this.count = replies;
        }

        @Override
        public ByteBuf frame() {
            return frame;
        }

        @Override
        public int replyCount() {
            return count;
        }

        @Override
        public void leadingReply(ByteBuf reply) {
            this.replies.add("leading " + text(reply));
        }

        @Override
        public void complete(ByteBuf reply) {
            this.replies.add(text(reply));
        }

        @Override
        public void fail(String error) {
            this.replies.add("failed " + error);
        }

        @Override
        public boolean isAbandoned() {
            return false;
        }

        private static String text(ByteBuf reply) {
            try {
                return reply.toString(StandardCharsets.US_ASCII);
            } finally {
                reply.release();
            }
        }
    }
}
