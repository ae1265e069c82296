package io.slotway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.slotway.bench.Resp;
import io.slotway.bench.MicroBenchmark;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.util.ArrayList;
import java.util.List;

/**
 * Request decoding: a pipeline of 16 commands already in one pooled direct buffer (as one socket read delivers
 * them) decoded into {@link Request}s, which are then released. Reported per command.
 */
public class RequestDecoderBenchmark extends MicroBenchmark {

    private static final int PIPELINE = 16;

    @Param({"get", "set-4096B", "mset-10"})
    public String command;

    private final RequestDecoder decoder = new RequestDecoder(Limits.defaults());
    private final List<Object> out = new ArrayList<>(PIPELINE);
    private ByteBuf input;

    @Setup(Level.Trial)
    public void encode() {
        input = PooledByteBufAllocator.DEFAULT.directBuffer();
        for (int i = 0; i < PIPELINE; i++) {
            input.writeBytes(switch (command) {
                case "get" -> Resp.command("GET", "key:000000000042");
                case "set-4096B" -> Resp.command("SET", "key:000000000042", "v".repeat(4096));
                default -> Resp.command(mset());
            });
        }
    }

    private static String[] mset() {
        String[] args = new String[21];
        args[0] = "MSET";
        String[] keys = Resp.keys("key:", 10);
        for (int i = 0; i < keys.length; i++) {
            args[1 + 2 * i] = keys[i];
            args[2 + 2 * i] = "value-" + i;
        }
        return args;
    }

    @TearDown(Level.Trial)
    public void release() {
        input.release();
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int decode() {
        input.readerIndex(0);
        decoder.decode(null, input, out);
        int decoded = out.size();
        for (Object request : out) {
            ((Request) request).release();
        }
        out.clear();
        return decoded;
    }
}
