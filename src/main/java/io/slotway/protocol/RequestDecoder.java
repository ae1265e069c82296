package io.slotway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Decodes RESP2 requests (multibulk arrays and inline commands) into {@link Request}s.
 *
 * <p>Resumable: a partly received command is remembered as positions relative to the reader index, so each read
 * only scans the new bytes. Nothing is retained until the whole command has arrived, which keeps partial state free
 * of buffer references (no cleanup needed when the channel dies mid-frame). Malformed input produces one
 * {@link ProtocolError} and the decoder ignores everything after it.
 */
public final class RequestDecoder extends ByteToMessageDecoder {

    /** A count or length line longer than this cannot hold a valid number (Redis allows 64 KB before complaining). */
    private static final int MAX_NUMBER_LINE = 64 * 1024;

    private Limits limits;
    private InlineParser inline;

    private boolean failed;
    /** Arguments announced by the current multibulk header, or -1 when between commands. */
    private int expected = -1;
    private int parsed;
    /** Where the next unparsed byte of the current command is, relative to the reader index. */
    private int position;
    /** The command being parsed: pooled, and holding no buffer reference until it is complete. */
    private Request current;
    private final LengthLine line = new LengthLine();
    /** When the bytes being decoded arrived: the commands of one read share one reading of the clock. */
    private long arrivedNanos;

    public RequestDecoder(Limits limits) {
        limits(limits);
    }

    /** New bounds (a config reload); call on the channel's event loop. They apply from the next length read. */
    public void limits(Limits limits) {
        this.limits = limits;
        this.inline = new InlineParser(limits.maxInlineLength());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        arrivedNanos = System.nanoTime();
        super.channelRead(ctx, msg);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            // Each pass consumes a command or returns; the loop is bounded by the readable bytes.
            while (in.isReadable()) {
                Object decoded = expected < 0 ? startCommand(ctx, in) : continueMultibulk(in);
                if (decoded == null) {
                    return;
                }
                if (decoded != SKIPPED) {
                    out.add(decoded);
                }
            }
        } catch (ProtocolException e) {
            failed = true;
            reset();
            in.skipBytes(in.readableBytes());
            out.add(new ProtocolError(e.getMessage()));
        }
    }

    private static final Object SKIPPED = new Object();

    private Object startCommand(ChannelHandlerContext ctx, ByteBuf in) {
        if (in.getByte(in.readerIndex()) != '*') {
            return inline.parse(ctx.alloc(), in, SKIPPED);
        }
        int start = in.readerIndex();
        long count = line.read(in, start + 1, in.writerIndex());
        int lineEnd = line.crIndex();
        if (count < 0) {
            lineEnd = in.indexOf(start + 1, in.writerIndex(), (byte) '\r');
            if (lineEnd < 0 || lineEnd + 1 >= in.writerIndex()) {
                if (in.readableBytes() > MAX_NUMBER_LINE) {
                    throw new ProtocolException("too big mbulk count string");
                }
                return null;
            }
            requireLf(in, lineEnd);
            count = Ascii.parseLong(in, start + 1, lineEnd - start - 1, Long.MIN_VALUE);
        }
        if (count == Long.MIN_VALUE || count > limits.maxArrayLength()) {
            throw new ProtocolException(count == Long.MIN_VALUE
                    ? "invalid multibulk length"
                    : "invalid multibulk length " + count + " (expected: <= " + limits.maxArrayLength() + ")");
        }
        if (count <= 0) {
            // Redis ignores empty and null arrays in requests.
            in.skipBytes(lineEnd + 2 - start);
            return SKIPPED;
        }
        expected = (int) count;
        current = Request.obtain();
        parsed = 0;
        position = lineEnd + 2 - start;
        return continueMultibulk(in);
    }

    private Object continueMultibulk(ByteBuf in) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        // Bounded by the announced argument count, and each pass needs fresh bytes to advance.
        while (parsed < expected) {
            if (position >= readable) {
                return null;
            }
            int header = start + position;
            byte type = in.getByte(header);
            if (type != '$') {
                throw new ProtocolException("expected '$', got '" + printable(type) + "'");
            }
            long length = line.read(in, header + 1, start + readable);
            int lineEnd = line.crIndex();
            if (length < 0) {
                lineEnd = in.indexOf(header + 1, start + readable, (byte) '\r');
                if (lineEnd < 0 || lineEnd + 1 >= start + readable) {
                    if (start + readable - header > MAX_NUMBER_LINE) {
                        throw new ProtocolException("too big bulk count string");
                    }
                    return null;
                }
                requireLf(in, lineEnd);
                length = Ascii.parseLong(in, header + 1, lineEnd - header - 1, -1);
            }
            if (length < 0 || length > limits.maxBulkLength()) {
                throw new ProtocolException(length < 0
                        ? "invalid bulk length"
                        : "invalid bulk length " + length + " (expected: <= " + limits.maxBulkLength() + ")");
            }
            int dataStart = lineEnd + 2;
            long end = (long) dataStart + length;
            if (end + 2 > start + readable) {
                return null;
            }
            if (in.getByte((int) end) != '\r' || in.getByte((int) end + 1) != '\n') {
                throw new ProtocolException("expected CRLF after bulk of " + length + " bytes");
            }
            current.addRange(dataStart - start, (int) length);
            parsed++;
            position = (int) end + 2 - start;
        }
        // Whole command present: the frame becomes the request's own reference (the cumulation keeps its own).
        Request request = current.seal(in.retainedSlice(start, position)).arrivedAt(arrivedNanos);
        current = null;
        in.skipBytes(position);
        reset();
        return request;
    }

    private static void requireLf(ByteBuf in, int crIndex) {
        if (in.getByte(crIndex + 1) != '\n') {
            throw new ProtocolException("expected LF after CR");
        }
    }

    private static String printable(byte b) {
        return b >= 32 && b < 127 ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff);
    }

    private void reset() {
        if (current != null) {
            current.abandon();
            current = null;
        }
        expected = -1;
        parsed = 0;
        position = 0;
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        // Partial commands hold no buffer references; only the positions need forgetting.
        reset();
    }
}
