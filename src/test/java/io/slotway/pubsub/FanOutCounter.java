package io.slotway.pubsub;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Many subscribers of one channel read by one thread over a plain NIO selector, each counting what it receives,
 * for tests of fan-out at scale (a thread per subscriber would not do, and Netty buffers would each be traced by
 * the tests' PARANOID leak detector). Frames are counted by their line ends: a subscriber's acknowledgement has six
 * lines, each message (of a payload without line ends) seven.
 */
final class FanOutCounter implements AutoCloseable {

    private static final int ACK_LINES = 6;
    private static final int MESSAGE_LINES = 7;

    private final Selector selector = Selector.open();
    private final List<SocketChannel> channels = new ArrayList<>();
    /** Per subscriber: line ends seen. */
    private final AtomicLongArray lines;
    private final Thread reader;
    private volatile boolean closing;

    FanOutCounter(int port, String channel, int subscribers) throws IOException {
        lines = new AtomicLongArray(subscribers);
        byte[] subscribe = ("*2\r\n$9\r\nSUBSCRIBE\r\n$" + channel.length() + "\r\n" + channel + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < subscribers; i++) {
            SocketChannel socket = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            socket.write(ByteBuffer.wrap(subscribe));
            socket.configureBlocking(false);
            socket.register(selector, SelectionKey.OP_READ, i);
            channels.add(socket);
        }
        reader = new Thread(this::read, "fan-out-counter");
        reader.start();
    }

    private void read() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        // Bounded by close(), which wakes the selector.
        while (!closing) {
            try {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    int index = (Integer) key.attachment();
                    buffer.clear();
                    int read = ((SocketChannel) key.channel()).read(buffer);
                    if (read < 0) {
                        key.cancel();
                        continue;
                    }
                    long found = 0;
                    for (int i = 0; i < read; i++) {
                        if (buffer.get(i) == '\n') {
                            found++;
                        }
                    }
                    lines.addAndGet(index, found);
                }
                selector.selectedKeys().clear();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Whether every subscriber had its acknowledgement within {@code seconds}. */
    boolean awaitSubscribed(int seconds) throws InterruptedException {
        return await(ACK_LINES, seconds);
    }

    /** Whether every subscriber received {@code messages} messages within {@code seconds}. */
    boolean awaitEach(int messages, int seconds) throws InterruptedException {
        return await(ACK_LINES + (long) messages * MESSAGE_LINES, seconds);
    }

    /** How many subscribers have at least {@code linesEach} line ends, for failure messages. */
    int reached(long linesEach) {
        int count = 0;
        for (int i = 0; i < lines.length(); i++) {
            count += lines.get(i) >= linesEach ? 1 : 0;
        }
        return count;
    }

    /** The most messages any subscriber received. */
    long most() {
        long most = 0;
        for (int i = 0; i < lines.length(); i++) {
            most = Math.max(most, (lines.get(i) - ACK_LINES) / MESSAGE_LINES);
        }
        return most;
    }

    private boolean await(long linesEach, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        // Bounded by the deadline.
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (int i = 0; i < lines.length() && all; i++) {
                all = lines.get(i) >= linesEach;
            }
            if (all) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        closing = true;
        selector.wakeup();
        reader.join(5_000);
        for (SocketChannel channel : channels) {
            channel.close();
        }
        selector.close();
    }
}
