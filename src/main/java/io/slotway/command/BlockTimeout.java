package io.slotway.command;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.slotway.protocol.Args;
import io.slotway.protocol.RespWriter;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * How long a blocking command asks to wait, read from its own arguments: seconds (a decimal) for the list and
 * sorted-set pops, milliseconds after {@code BLOCK} for XREAD and XREADGROUP. Which commands block comes from the
 * table's {@code blocking} flag; where each keeps its timeout is Redis's syntax, known here by name.
 */
public final class BlockTimeout {

    /** The command does not block this time (XREAD without BLOCK). */
    public static final long NOT_BLOCKING = -1;
    /** The timeout is not a valid number, or the command is not known here: Redis will answer it at once. */
    public static final long INVALID = -2;

    private BlockTimeout() {
    }

    /** The wait in milliseconds, 0 for forever, or {@link #NOT_BLOCKING} or {@link #INVALID}. */
    public static long millis(CommandSpec spec, Args args) {
        return switch (spec.name()) {
            case "blpop", "brpop", "brpoplpush", "blmove", "bzpopmin", "bzpopmax" -> seconds(args, args.count() - 1);
            case "blmpop", "bzmpop" -> args.count() > 1 ? seconds(args, 1) : INVALID;
            case "xread", "xreadgroup" -> blockOption(args);
            default -> INVALID;
        };
    }

    /**
     * {@code args} as a new RESP frame with its timeout set to {@code millis} (as seconds or BLOCK milliseconds, as
     * the command takes it); the caller owns the frame. The same bytes when the command has no timeout here.
     */
    public static ByteBuf withTimeout(ByteBufAllocator alloc, CommandSpec spec, Args args, long millis) {
        int index = timeoutIndex(spec, args);
        ByteBuf frame = alloc.buffer();
        RespWriter.writeArrayHeader(frame, args.count());
        for (int i = 0; i < args.count(); i++) {
            if (i == index) {
                String value = spec.name().startsWith("xread") ? Long.toString(millis)
                        : BigDecimal.valueOf(millis, 3).toPlainString();
                RespWriter.writeBulk(frame, value.getBytes(StandardCharsets.US_ASCII));
            } else {
                RespWriter.writeBulk(frame, args.buffer().slice(args.offset(i), args.length(i)));
            }
        }
        return frame;
    }

    /** Where the command keeps its timeout; -1 when it has none here. */
    private static int timeoutIndex(CommandSpec spec, Args args) {
        return switch (spec.name()) {
            case "blpop", "brpop", "brpoplpush", "blmove", "bzpopmin", "bzpopmax" -> args.count() - 1;
            case "blmpop", "bzmpop" -> 1;
            case "xread", "xreadgroup" -> {
                // Bounded by the argument count.
                for (int i = 1; i < args.count() - 1 && !args.equalsIgnoreCase(i, "STREAMS"); i++) {
                    if (args.equalsIgnoreCase(i, "BLOCK")) {
                        yield i + 1;
                    }
                }
                yield -1;
            }
            default -> -1;
        };
    }

    private static long seconds(Args args, int index) {
        if (args.length(index) > 32) {
            return INVALID;
        }
        String text = args.buffer().toString(args.offset(index), args.length(index), StandardCharsets.US_ASCII);
        try {
            double seconds = Double.parseDouble(text);
            if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                return INVALID;
            }
            // Redis rounds a fractional timeout to milliseconds; 0 (or below a millisecond) waits forever there too.
            return (long) Math.ceil(seconds * 1000);
        } catch (NumberFormatException e) {
            return INVALID;
        }
    }

    private static long blockOption(Args args) {
        // Options come before STREAMS; bounded by the argument count.
        for (int i = 1; i < args.count() - 1 && !args.equalsIgnoreCase(i, "STREAMS"); i++) {
            if (args.equalsIgnoreCase(i, "BLOCK")) {
                long millis = args.parseLong(i + 1, INVALID);
                return millis < 0 ? INVALID : millis;
            }
        }
        return NOT_BLOCKING;
    }
}
