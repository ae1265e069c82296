package io.slotway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input for the two parsers that see bytes from outside: random bytes, and valid pipelines and replies
 * with random mutations (flipped, inserted and deleted bytes, cut tails), fed in random splits; about two million
 * frames per run. Nothing may escape but one {@link ProtocolError} (decoder) or a {@link ProtocolException}
 * (scanner); every decoded request is released, and the leak detector (PARANOID in tests) checks that nothing
 * else was held. Seeded: a failure names the seed and the case that reproduce it.
 */
class RespFuzzTest {

    private static final long SEED = Long.getLong("fuzz.seed", 20261125L);
    private static final Limits LIMITS = new Limits(1 << 20, 1024, 4096);
    private static final byte[] ALPHABET = "abcXYZ019 \r\n$*:-+\"'\\%_#~|>,!=(".getBytes(StandardCharsets.US_ASCII);

    private final Random random = new Random(SEED);

    @Test
    void decoderTurnsRandomBytesIntoRequestsOrOneProtocolError() {
        for (int run = 0; run < 5_000; run++) {
            byte[] junk = new byte[random.nextInt(1024)];
            random.nextBytes(junk);
            decode(junk, 1 + random.nextInt(64), run);
        }
    }

    @Test
    void decoderSurvivesMutatedPipelines() {
        int frames = 0;
        for (int run = 0; run < 40_000; run++) {
            int commands = 1 + random.nextInt(80);
            StringBuilder pipeline = new StringBuilder();
            for (int i = 0; i < commands; i++) {
                pipeline.append(random.nextInt(4) == 0 ? inline() : multibulk());
            }
            frames += commands;
            decode(mutate(pipeline.toString()), 1 + random.nextInt(512), run);
        }
        assertThat(frames).as("frames fed").isGreaterThan(1_400_000);
    }

    @Test
    void scannerEndsOrRefusesRandomBytes() {
        for (int run = 0; run < 5_000; run++) {
            byte[] junk = new byte[random.nextInt(1024)];
            random.nextBytes(junk);
            scan(junk, run);
        }
    }

    @Test
    void scannerSurvivesMutatedReplies() {
        int frames = 0;
        for (int run = 0; run < 20_000; run++) {
            int replies = 1 + random.nextInt(40);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < replies; i++) {
                text.append(reply(0));
            }
            frames += replies;
            scan(mutate(text.toString()), run);
        }
        assertThat(frames).as("frames fed").isGreaterThan(300_000);
    }

    private static void decode(byte[] input, int chunk, int run) {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestDecoder(LIMITS));
        int errors = 0;
        try {
            // Bounded by the input length.
            for (int at = 0; at < input.length; at += chunk) {
                channel.writeInbound(Unpooled.wrappedBuffer(input, at, Math.min(chunk, input.length - at)));
                Object decoded;
                while ((decoded = channel.readInbound()) != null) {
                    if (decoded instanceof ProtocolError) {
                        errors++;
                    } else {
                        ((Request) decoded).release();
                        assertThat(errors).as(describe(run, input)).isZero();
                    }
                }
            }
            assertThat(errors).as(describe(run, input)).isLessThanOrEqualTo(1);
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    private static void scan(byte[] input, int run) {
        ByteBuf buffer = Unpooled.wrappedBuffer(input);
        ReplyScanner scanner = new ReplyScanner();
        try {
            // Bounded: each frame found consumes at least one byte.
            while (buffer.isReadable()) {
                int length = scanner.scan(buffer);
                if (length < 0) {
                    return;
                }
                assertThat(length).as(describe(run, input)).isPositive().isLessThanOrEqualTo(buffer.readableBytes());
                buffer.skipBytes(length);
            }
        } catch (ProtocolException refused) {
            // The one way to say no.
        } finally {
            buffer.release();
        }
    }

    private static String describe(int run, byte[] input) {
        return "seed " + SEED + ", run " + run + ", input " + new String(input, StandardCharsets.ISO_8859_1)
                .replace("\r", "\\r").replace("\n", "\\n");
    }

    private String argument() {
        byte[] text = new byte[random.nextInt(12)];
        for (int i = 0; i < text.length; i++) {
            text[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    private String multibulk() {
        int count = 1 + random.nextInt(6);
        StringBuilder resp = new StringBuilder("*").append(count).append("\r\n");
        for (int i = 0; i < count; i++) {
            String argument = argument();
            resp.append('$').append(argument.length()).append("\r\n").append(argument).append("\r\n");
        }
        return resp.toString();
    }

    private String inline() {
        return argument().replace("\r", "").replace("\n", "") + " " + argument().replace("\r", "").replace("\n", "")
                + "\r\n";
    }

    /** A valid reply, nested up to 3 deep. */
    private String reply(int depth) {
        int kind = random.nextInt(depth < 3 ? 9 : 6);
        return switch (kind) {
            case 0 -> "+OK\r\n";
            case 1 -> "-ERR " + argument().replace("\r", "").replace("\n", "") + "\r\n";
            case 2 -> ":" + random.nextInt() + "\r\n";
            case 3 -> "$-1\r\n";
            case 4 -> {
                String value = argument();
                yield "$" + value.length() + "\r\n" + value + "\r\n";
            }
            case 5 -> "_\r\n";
            case 6 -> aggregate('*', depth, 1);
            case 7 -> aggregate('%', depth, 2);
            default -> aggregate('~', depth, 1);
        };
    }

    private String aggregate(char type, int depth, int perElement) {
        int count = random.nextInt(4);
        StringBuilder text = new StringBuilder().append(type).append(count).append("\r\n");
        for (int i = 0; i < count * perElement; i++) {
            text.append(reply(depth + 1));
        }
        return text.toString();
    }

    /** Up to 4 random edits of a valid text: flip, insert or delete a byte, or cut the tail. */
    private byte[] mutate(String valid) {
        byte[] bytes = valid.getBytes(StandardCharsets.ISO_8859_1);
        int edits = random.nextInt(5);
        for (int e = 0; e < edits && bytes.length > 0; e++) {
            int at = random.nextInt(bytes.length);
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 1);
            switch (random.nextInt(4)) {
                case 0 -> {
                    bytes[at] = (byte) random.nextInt(256);
                    out.writeBytes(bytes);
                }
                case 1 -> {
                    out.write(bytes, 0, at);
                    out.write(random.nextBoolean() ? ALPHABET[random.nextInt(ALPHABET.length)] : random.nextInt(256));
                    out.write(bytes, at, bytes.length - at);
                }
                case 2 -> {
                    out.write(bytes, 0, at);
                    out.write(bytes, at + 1, bytes.length - at - 1);
                }
                default -> out.write(bytes, 0, at);
            }
            bytes = out.toByteArray();
        }
        return bytes;
    }
}
