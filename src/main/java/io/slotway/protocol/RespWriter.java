package io.slotway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.nio.charset.StandardCharsets;

/** Writes RESP2 values into a buffer. */
public final class RespWriter {

    static final short CRLF = ('\r' << 8) | '\n';

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
