package io.slotway.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load for the pub/sub benchmark (bench/pubsub.sh), every wait bounded:
 * <ul>
 *   <li>{@code fanout PORT SUBSCRIBERS MESSAGES}: SUBSCRIBERS connections (one event-loop thread) subscribe to
 *       {@code bench:fan}; one publisher sends MESSAGES PUBLISHes of 64 bytes, 100 pipelined at a time; prints
 *       {@code fanout deliveries D seconds S per_second R} once every subscriber has every message (or at 60 s);</li>
 *   <li>{@code idle PORT SUBSCRIBERS SECONDS}: SUBSCRIBERS connections each subscribed to one of 100 channels;
 *       prints {@code ready N}, then holds them.</li>
 * </ul>
 */
public final class PubSubLoad {

    private static final String PAYLOAD = "x".repeat(64);
    /** Lines of one {@code message} frame: *3, $7, message, $9, bench:fan, $64, payload. */
    private static final int MESSAGE_LINES = 7;
    /** Lines of one subscribe acknowledgement: *3, $9, subscribe, $n, channel, :1. */
    private static final int ACK_LINES = 6;

    private PubSubLoad() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        int subscribers = Integer.parseInt(args[2]);
        long third = Long.parseLong(args[3]);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            if (args[0].equals("fanout")) {
                fanout(group, port, subscribers, (int) third);
            } else {
                idle(group, port, subscribers, third);
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    private static void fanout(EventLoopGroup group, int port, int subscribers, int messages) throws Exception {
        AtomicLong acked = new AtomicLong();
        AtomicLong delivered = new AtomicLong();
        List<Channel> channels = subscribe(group, port, subscribers, i -> "bench:fan", acked, delivered);
        awaitAtLeast(acked, subscribers, 30);
        long start = System.nanoTime();
        try (Socket publisher = new Socket("127.0.0.1", port)) {
            publisher.setSoTimeout(30_000);
            OutputStream out = publisher.getOutputStream();
            InputStream in = new BufferedInputStream(publisher.getInputStream());
            byte[] publish = ("*3\r\n$7\r\nPUBLISH\r\n$9\r\nbench:fan\r\n$64\r\n" + PAYLOAD + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] batch = new byte[publish.length * 100];
            for (int i = 0; i < 100; i++) {
                System.arraycopy(publish, 0, batch, i * publish.length, publish.length);
            }
            // Bounded by the message count; each batch's replies are read before the next.
            for (int sent = 0; sent < messages; sent += 100) {
                out.write(batch);
                for (int i = 0; i < 100; i++) {
                    readLine(in);
                }
            }
        }
        long expected = (long) subscribers * (messages / 100 * 100);
        awaitAtLeast(delivered, expected, 60);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("fanout deliveries %d seconds %.2f per_second %.0f%n", delivered.get(), seconds,
                delivered.get() / seconds);
        channels.forEach(Channel::close);
    }

    private static void idle(EventLoopGroup group, int port, int subscribers, long seconds) throws Exception {
        AtomicLong acked = new AtomicLong();
        List<Channel> channels = subscribe(group, port, subscribers, i -> "bench:idle:" + (i % 100), acked,
                new AtomicLong());
        awaitAtLeast(acked, subscribers, 120);
        System.out.println("ready " + acked.get());
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        channels.forEach(Channel::close);
    }

    private static List<Channel> subscribe(EventLoopGroup group, int port, int count,
                                           java.util.function.IntFunction<String> channelOf, AtomicLong acked,
                                           AtomicLong delivered) throws InterruptedException {
        List<Channel> channels = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String channel = channelOf.apply(i);
            String subscribe = "*2\r\n$9\r\nSUBSCRIBE\r\n$" + channel.length() + "\r\n" + channel + "\r\n";
            channels.add(new Bootstrap().group(group).channel(EpollSocketChannel.class)
                    .handler(new Counting(subscribe, acked, delivered))
                    .connect("127.0.0.1", port).sync().channel());
        }
        return channels;
    }

    private static void awaitAtLeast(AtomicLong counter, long target, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        // Bounded by the deadline.
        while (counter.get() < target && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        // Bounded by the line's length; the socket timeout bounds the wait.
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\r') {
                in.read();
                return line.toString();
            }
            line.append((char) b);
        }
        throw new IOException("closed");
    }

    /** One subscriber: subscribes when connected, then counts whole frames by their line ends. */
    private static final class Counting extends ChannelInboundHandlerAdapter {
        private final String subscribe;
        private final AtomicLong acked;
        private final AtomicLong delivered;
        private long lines;

        Counting(String subscribe, AtomicLong acked, AtomicLong delivered) {
            this.subscribe = subscribe;
            this.acked = acked;
            this.delivered = delivered;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Unpooled.copiedBuffer(subscribe, StandardCharsets.US_ASCII));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                // Bounded by the bytes read.
                for (int i = in.readerIndex(); i < in.writerIndex(); i++) {
                    if (in.getByte(i) == '\n') {
                        lines++;
                        if (lines == ACK_LINES) {
                            acked.incrementAndGet();
                        } else if (lines > ACK_LINES && (lines - ACK_LINES) % MESSAGE_LINES == 0) {
                            delivered.incrementAndGet();
                        }
                    }
                }
            } finally {
                in.release();
            }
        }
    }
}
