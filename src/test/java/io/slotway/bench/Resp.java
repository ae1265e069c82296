package io.slotway.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.slotway.protocol.Limits;
import io.slotway.protocol.Request;
import io.slotway.protocol.RequestDecoder;

import java.nio.charset.StandardCharsets;

/** RESP frames for benchmarks, built once in setup: encoded commands and decoded {@link Request}s. */
public final class Resp {

    private Resp() {
    }

    /** The multibulk encoding of one command. */
    public static byte[] command(String... args) {
        StringBuilder resp = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            resp.append('$').append(arg.length()).append("\r\n").append(arg).append("\r\n");
        }
        return resp.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The command decoded as Slotway decodes it; the caller releases it. */
    public static Request request(String... args) {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestDecoder(Limits.defaults()));
        ByteBuf in = channel.alloc().buffer();
        in.writeBytes(command(args));
        channel.writeInbound(in);
        Request request = channel.readInbound();
        channel.finishAndReleaseAll();
        return request;
    }

    /** {@code prefix0 .. prefix(count-1)}, each padded to the same width. */
    public static String[] keys(String prefix, int count) {
        String[] keys = new String[count];
        for (int i = 0; i < count; i++) {
            keys[i] = prefix + String.format("%06d", i);
        }
        return keys;
    }
}
