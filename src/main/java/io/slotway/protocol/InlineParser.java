package io.slotway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Inline commands ({@code PING\r\n}, what telnet users type), split the way Redis's sdssplitargs does: blanks
 * separate arguments, double quotes allow escapes ({@code \n}, {@code \x41}), single quotes allow {@code \'}.
 * The result is re-framed as a multibulk so everything downstream sees one format. Rare path: it may allocate.
 */
final class InlineParser {

    private final int maxLength;

    InlineParser(int maxLength) {
        this.maxLength = maxLength;
    }

    /** Returns a request, {@code skipped} for a blank line, or null when the line is not complete yet. */
    Object parse(ByteBufAllocator alloc, ByteBuf in, Object skipped) {
        int start = in.readerIndex();
        int lf = in.indexOf(start, in.writerIndex(), (byte) '\n');
        if (lf < 0) {
            if (in.readableBytes() > maxLength) {
                throw new ProtocolException("too big inline request");
            }
            return null;
        }
        if (lf - start > maxLength) {
            throw new ProtocolException("too big inline request");
        }
        int end = lf > start && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        byte[] line = new byte[end - start];
        in.getBytes(start, line);
        in.skipBytes(lf + 1 - start);
        List<byte[]> args = split(line);
        if (args.isEmpty()) {
            return skipped;
        }
        return frame(alloc, args);
    }

    private static Request frame(ByteBufAllocator alloc, List<byte[]> args) {
        ByteBuf frame = alloc.buffer();
        Request request = Request.obtain();
        RespWriter.writeArrayHeader(frame, args.size());
        for (int i = 0; i < args.size(); i++) {
            byte[] arg = args.get(i);
            RespWriter.writeLengthLine(frame, '$', arg.length);
            request.addRange(frame.writerIndex(), arg.length);
            frame.writeBytes(arg).writeShort(RespWriter.CRLF);
        }
        return request.seal(frame);
    }

    static List<byte[]> split(byte[] line) {
        List<byte[]> args = new ArrayList<>();
        int i = 0;
        while (true) {
            while (i < line.length && isSpace(line[i])) {
                i++;
            }
            if (i == line.length) {
                return args;
            }
            ByteArrayOutputStream arg = new ByteArrayOutputStream();
            boolean inDouble = false;
            boolean inSingle = false;
            boolean done = false;
            while (!done) {
                if (inDouble) {
                    if (i == line.length) {
                        throw unbalanced();
                    }
                    byte b = line[i];
                    if (b == '\\' && i + 3 < line.length && line[i + 1] == 'x'
                            && isHex(line[i + 2]) && isHex(line[i + 3])) {
                        arg.write(Character.digit(line[i + 2], 16) * 16 + Character.digit(line[i + 3], 16));
                        i += 3;
                    } else if (b == '\\' && i + 1 < line.length) {
                        i++;
                        arg.write(unescape(line[i]));
                    } else if (b == '"') {
                        // A closing quote must be followed by a blank or the end of the line.
                        if (i + 1 < line.length && !isSpace(line[i + 1])) {
                            throw unbalanced();
                        }
                        done = true;
                    } else {
                        arg.write(b);
                    }
                } else if (inSingle) {
                    if (i == line.length) {
                        throw unbalanced();
                    }
                    byte b = line[i];
                    if (b == '\\' && i + 1 < line.length && line[i + 1] == '\'') {
                        i++;
                        arg.write('\'');
                    } else if (b == '\'') {
                        if (i + 1 < line.length && !isSpace(line[i + 1])) {
                            throw unbalanced();
                        }
                        done = true;
                    } else {
                        arg.write(b);
                    }
                } else if (i == line.length || isSpace(line[i])) {
                    done = true;
                    continue;
                } else if (line[i] == '"') {
                    inDouble = true;
                } else if (line[i] == '\'') {
                    inSingle = true;
                } else {
                    arg.write(line[i]);
                }
                if (i < line.length) {
                    i++;
                }
            }
            args.add(arg.toByteArray());
        }
    }

    private static int unescape(byte b) {
        switch (b) {
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'b': return '\b';
            case 'a': return 7;
            default: return b;
        }
    }

    private static boolean isHex(byte b) {
        return Character.digit(b, 16) >= 0;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
    }

    private static ProtocolException unbalanced() {
        return new ProtocolException("unbalanced quotes in request");
    }
}
