package io.slotway.bench;

import org.HdrHistogram.Histogram;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Load for the stateful-command benchmark (bench/stateful.sh), every loop bounded by its seconds:
 * <ul>
 *   <li>{@code tx PORT CLIENTS SECONDS RATE [DEPTH]}: {@code MULTI; INCR; EXEC} from CLIENTS connections, paced to
 *       RATE transactions per second in all (0: as fast as they go), DEPTH transactions pipelined per write (1);
 *       prints {@code tx N errors E per_second R};</li>
 *   <li>{@code get PORT CLIENTS SECONDS [RATE]}: GETs as fast as they go, or paced to RATE per second in all (CPU per
 *       request is steadiest below saturation); prints {@code get N p50_us A p99_us B};</li>
 *   <li>{@code blocked PORT COUNT SECONDS}: COUNT connections waiting in {@code BLPOP q 0}; prints {@code ready N},
 *       then holds them.</li>
 * </ul>
 */
public final class StatefulLoad {

    private static final byte[] TX = "*1\r\n$5\r\nMULTI\r\n*2\r\n$4\r\nINCR\r\n$9\r\nbench:ctr\r\n*1\r\n$4\r\nEXEC\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GET = "*2\r\n$3\r\nGET\r\n$9\r\nbench:get\r\n".getBytes(StandardCharsets.US_ASCII);

    private StatefulLoad() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        long seconds = Long.parseLong(args[3]);
        switch (args[0]) {
            case "tx" -> transactions(port, count, seconds, Long.parseLong(args[4]),
                    args.length > 5 ? Integer.parseInt(args[5]) : 1);
            case "get" -> gets(port, count, seconds, args.length > 4 ? Long.parseLong(args[4]) : 0);
            case "blocked" -> blocked(port, count, seconds);
            default -> throw new IllegalArgumentException("tx, get or blocked");
        }
    }

    private static void transactions(int port, int clients, long seconds, long rate, int depth) throws Exception {
        byte[] batch = new byte[TX.length * depth];
        for (int i = 0; i < depth; i++) {
            System.arraycopy(TX, 0, batch, i * TX.length, TX.length);
        }
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long interval = rate == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) * clients * depth / rate;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            long offset = interval * c / Math.max(1, clients);
            threads.add(started(() -> {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    socket.setTcpNoDelay(true);
                    socket.setSoTimeout(10_000);
                    OutputStream out = socket.getOutputStream();
                    InputStream in = new BufferedInputStream(socket.getInputStream());
                    long next = start + offset;
                    // Bounded by the end time.
                    while (System.nanoTime() < end) {
                        if (interval > 0) {
                            LockSupport.parkNanos(next - System.nanoTime());
                            next += interval;
                        }
                        out.write(batch);
                        for (int i = 0; i < depth; i++) {
                            String multi = line(in);
                            String queued = line(in);
                            String exec = line(in);
                            String value = exec.equals("*1") ? line(in) : exec;
                            if (multi.equals("+OK") && queued.equals("+QUEUED") && value.startsWith(":")) {
                                done.incrementAndGet();
                            } else {
                                errors.incrementAndGet();
                            }
                        }
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double took = (System.nanoTime() - start) / 1e9;
        System.out.printf("tx %d errors %d per_second %.0f%n", done.get(), errors.get(), done.get() / took);
    }

    private static void gets(int port, int clients, long seconds, long rate) throws Exception {
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long interval = rate == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) * clients / rate;
        Histogram all = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
        List<Thread> threads = new ArrayList<>();
        List<Histogram> histograms = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
            histograms.add(histogram);
            long offset = interval * c / Math.max(1, clients);
            threads.add(started(() -> {
                long next = start + offset;
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    socket.setTcpNoDelay(true);
                    socket.setSoTimeout(10_000);
                    OutputStream out = socket.getOutputStream();
                    InputStream in = new BufferedInputStream(socket.getInputStream());
                    // Bounded by the end time.
                    while (System.nanoTime() < end) {
                        if (interval > 0) {
                            LockSupport.parkNanos(next - System.nanoTime());
                            next += interval;
                        }
                        long sent = System.nanoTime();
                        out.write(GET);
                        if (line(in).startsWith("$")) {
                            line(in);
                        }
                        histogram.recordValue(Math.min((System.nanoTime() - sent) / 1_000,
                                TimeUnit.SECONDS.toMicros(10)));
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        histograms.forEach(all::add);
        System.out.printf("get %d p50_us %d p99_us %d%n", all.getTotalCount(), all.getValueAtPercentile(50),
                all.getValueAtPercentile(99));
    }

    private static void blocked(int port, int count, long seconds) throws Exception {
        List<SocketChannel> open = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                channel.write(ByteBuffer.wrap("*3\r\n$5\r\nBLPOP\r\n$13\r\nbench:blocked\r\n$1\r\n0\r\n"
                        .getBytes(StandardCharsets.US_ASCII)));
                open.add(channel);
            }
            System.out.println("ready " + open.size());
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        } finally {
            for (SocketChannel channel : open) {
                channel.close();
            }
        }
    }

    private static Thread started(Runnable body) {
        Thread thread = new Thread(body);
        thread.start();
        return thread;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        // Bounded by the reply's length; the socket timeout bounds the wait.
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\r') {
                in.read();
                return line.toString();
            }
            line.append((char) b);
        }
        throw new IOException("closed");
    }
}
