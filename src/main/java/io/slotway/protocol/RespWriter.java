package io.slotway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.nio.charset.StandardCharsets;

/**
 * Writes RESP values into a buffer. The methods taking a {@code protocol} (2 or 3, as HELLO names them) write
 * RESP3's typed form for 3 and the RESP2 shape Redis uses for the same value otherwise.
 */
public final class RespWriter {

    static final short CRLF = ('\r' << 8) | '\n';
    private static final byte[] VERBATIM_TXT = "txt:".getBytes(StandardCharsets.US_ASCII);

    private RespWriter() {
    }

    public static void writeArrayHeader(ByteBuf out, long count) {
        writeLengthLine(out, '*', count);
    }

    static void writeLengthLine(ByteBuf out, char type, long value) {
        out.writeByte(type);
        writeDecimal(out, value);
        out.writeShort(CRLF);
    }

    public static void writeBulk(ByteBuf out, byte[] value) {
        writeLengthLine(out, '$', value.length);
        out.writeBytes(value).writeShort(CRLF);
    }

    public static void writeBulk(ByteBuf out, ByteBuf value) {
        writeLengthLine(out, '$', value.readableBytes());
        out.writeBytes(value, value.readerIndex(), value.readableBytes()).writeShort(CRLF);
    }

    public static void writeBulk(ByteBuf out, String value) {
        writeBulk(out, value.getBytes(StandardCharsets.UTF_8));
    }

    public static void writeNullBulk(ByteBuf out) {
        out.writeBytes(Replies.NULL_BULK_BYTES);
    }

    /** A missing value: RESP3's null, or RESP2's null bulk string. */
    public static void writeNull(ByteBuf out, int protocol) {
        out.writeBytes(protocol == 3 ? Replies.NULL_BYTES : Replies.NULL_BULK_BYTES);
    }

    /** A map of {@code pairs} entries (keys and values follow); RESP2 flattens it into an array twice as long. */
    public static void writeMapHeader(ByteBuf out, long pairs, int protocol) {
        if (protocol == 3) {
            writeLengthLine(out, '%', pairs);
        } else {
            writeArrayHeader(out, pairs * 2);
        }
    }

    /** A set of {@code count} members; an array in RESP2. */
    public static void writeSetHeader(ByteBuf out, long count, int protocol) {
        writeLengthLine(out, protocol == 3 ? '~' : '*', count);
    }

    /** Text Redis marks as verbatim ({@code txt}) in RESP3, as INFO and CLUSTER NODES are; a bulk string in RESP2. */
    public static void writeVerbatim(ByteBuf out, byte[] text, int protocol) {
        if (protocol != 3) {
            writeBulk(out, text);
            return;
        }
        writeLengthLine(out, '=', text.length + 4L);
        out.writeBytes(VERBATIM_TXT).writeBytes(text).writeShort(CRLF);
    }

    /** A message nobody asked for (pub/sub, invalidation): a push in RESP3, an array in RESP2. */
    public static void writePushHeader(ByteBuf out, long count, int protocol) {
        writeLengthLine(out, protocol == 3 ? '>' : '*', count);
    }

    public static void writeInteger(ByteBuf out, long value) {
        writeLengthLine(out, ':', value);
    }

    public static void writeSimple(ByteBuf out, String value) {
        out.writeByte('+');
        ByteBufUtil.writeAscii(out, value);
        out.writeShort(CRLF);
    }

    /** An error line; {@code message} starts with its code (ERR, NOPROTO, ...) and must not contain CR or LF. */
    public static void writeError(ByteBuf out, String message) {
        out.writeByte('-');
        out.writeCharSequence(sanitize(message), StandardCharsets.UTF_8);
        out.writeShort(CRLF);
    }

    private static String sanitize(String message) {
        return message.indexOf('\r') < 0 && message.indexOf('\n') < 0
                ? message
                : message.replace('\r', ' ').replace('\n', ' ');
    }

    private static void writeDecimal(ByteBuf out, long value) {
        if (value >= 0 && value < 10) {
            out.writeByte('0' + (int) value);
        } else {
            ByteBufUtil.writeAscii(out, Long.toString(value));
        }
    }
}
