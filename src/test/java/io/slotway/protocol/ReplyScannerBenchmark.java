package io.slotway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.slotway.bench.MicroBenchmark;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.charset.StandardCharsets;

/** Finding where one reply frame ends: the work done on every upstream reply before it goes back to a client. */
public class ReplyScannerBenchmark extends MicroBenchmark {

    @Param({"ok", "bulk-32B", "bulk-4096B", "array-10x32B", "keys-1000"})
    public String reply;

    private final ReplyScanner scanner = new ReplyScanner();
    private ByteBuf frame;

    @Setup(Level.Trial)
    public void encode() {
        frame = PooledByteBufAllocator.DEFAULT.directBuffer();
        frame.writeCharSequence(switch (reply) {
            case "ok" -> "+OK\r\n";
            case "bulk-32B" -> bulk("v".repeat(32));
            case "bulk-4096B" -> bulk("v".repeat(4096));
            case "array-10x32B" -> array(10, "v".repeat(32));
            default -> array(1000, "key:000000000042");
        }, StandardCharsets.US_ASCII);
    }

    private static String bulk(String value) {
        return "$" + value.length() + "\r\n" + value + "\r\n";
    }

    private static String array(int count, String element) {
        return "*" + count + "\r\n" + bulk(element).repeat(count);
    }

    @TearDown(Level.Trial)
    public void release() {
        frame.release();
    }

    @Benchmark
    public int scan() {
        int length = scanner.scan(frame);
        if (length != frame.readableBytes()) {
            throw new IllegalStateException("scanned " + length + " of " + frame.readableBytes() + " bytes");
        }
        return length;
    }
}
