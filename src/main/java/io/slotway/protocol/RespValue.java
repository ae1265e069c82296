package io.slotway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One RESP2 or RESP3 reply parsed into a tree that remembers which bytes of its buffer each value came from, so the
 * table can both read COMMAND's reply and hand out the exact bytes of every entry. For cold paths only (loading the
 * table, merging fan-out replies): it allocates a String per text value.
 */
public final class RespValue {

    /**
     * RESP2's kinds, then RESP3's: a map's items are its keys and values in turn; a double, boolean or big number
     * keeps its line as text ({@code 1.5}, {@code t}, ...); a verbatim string's text includes its format prefix.
     */
    public enum Kind { SIMPLE, ERROR, INTEGER, BULK, ARRAY, NULL, MAP, SET, PUSH, ATTRIBUTE, DOUBLE, BOOLEAN,
        BIG_NUMBER, VERBATIM }

    /** COMMAND DOCS nests about six deep; anything far deeper is not a reply this parser was meant for. */
    public static final int MAX_DEPTH = 32;

    /** Thrown while parsing when the buffer ends before the value does; only {@link #frameLength} catches it. */
    private static final class Incomplete extends RuntimeException {
        Incomplete() {
            super("incomplete reply", null, false, false);
        }
    }

    private static final Incomplete INCOMPLETE = new Incomplete();

    private final Kind kind;
    private final long integer;
    private final String text;
    private final List<RespValue> items;
    private final int start;
    private final int end;

    private RespValue(Kind kind, long integer, String text, List<RespValue> items, int start, int end) {
        this.kind = kind;
        this.integer = integer;
        this.text = text;
        this.items = items;
        this.start = start;
        this.end = end;
    }

    /** Parses the readable bytes of {@code buf}, which must hold exactly one reply; indexes are the buffer's. */
    public static RespValue parse(ByteBuf buf) {
        int[] position = {buf.readerIndex()};
        RespValue value;
        try {
            value = read(buf, position, buf.writerIndex(), 0);
        } catch (Incomplete e) {
            throw new IllegalArgumentException("reply ends early: " + buf.readableBytes() + " bytes");
        }
        if (position[0] != buf.writerIndex()) {
            throw new IllegalArgumentException("trailing bytes after the reply at " + position[0]
                    + " (expected: the reply to end at " + buf.writerIndex() + ")");
        }
        return value;
    }

    public static RespValue parse(byte[] bytes) {
        return parse(Unpooled.wrappedBuffer(bytes));
    }

    /** Length of the first whole reply in the readable bytes of {@code buf}, or -1 if it has not all arrived. */
    public static int frameLength(ByteBuf buf) {
        int[] position = {buf.readerIndex()};
        try {
            read(buf, position, buf.writerIndex(), 0);
        } catch (Incomplete e) {
            return -1;
        }
        return position[0] - buf.readerIndex();
    }

    private static RespValue read(ByteBuf buf, int[] position, int limit, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("reply nested " + depth + " deep (expected: <= " + MAX_DEPTH + ")");
        }
        int start = position[0];
        if (start >= limit) {
            throw INCOMPLETE;
        }
        byte type = buf.getByte(start);
        int lineEnd = buf.indexOf(start + 1, limit, (byte) '\r');
        if (lineEnd < 0 || lineEnd + 1 >= limit) {
            throw INCOMPLETE;
        }
        if (buf.getByte(lineEnd + 1) != '\n') {
            throw new IllegalArgumentException("CR without LF at " + lineEnd);
        }
        String line = buf.toString(start + 1, lineEnd - start - 1, StandardCharsets.UTF_8);
        position[0] = lineEnd + 2;
        switch (type) {
            case '+':
                return new RespValue(Kind.SIMPLE, 0, line, List.of(), start, position[0]);
            case '-':
                return new RespValue(Kind.ERROR, 0, line, List.of(), start, position[0]);
            case ':':
                return new RespValue(Kind.INTEGER, number(line, start), null, List.of(), start, position[0]);
            case ',':
                return new RespValue(Kind.DOUBLE, 0, line, List.of(), start, position[0]);
            case '#':
                return new RespValue(Kind.BOOLEAN, 0, line, List.of(), start, position[0]);
            case '(':
                return new RespValue(Kind.BIG_NUMBER, 0, line, List.of(), start, position[0]);
            case '_':
                return new RespValue(Kind.NULL, 0, null, List.of(), start, position[0]);
            case '$':
            case '=':
            case '!': {
                long length = number(line, start);
                if (length == -1 && type == '$') {
                    return new RespValue(Kind.NULL, 0, null, List.of(), start, position[0]);
                }
                if (length < 0 || length > Integer.MAX_VALUE - 2) {
                    throw new IllegalArgumentException("bulk length " + length + " at " + start
                            + " (expected: -1..2147483645)");
                }
                int contentEnd = position[0] + (int) length;
                if (contentEnd + 2 > limit) {
                    throw INCOMPLETE;
                }
                if (buf.getByte(contentEnd) != '\r' || buf.getByte(contentEnd + 1) != '\n') {
                    throw new IllegalArgumentException("bulk of length " + length + " at " + start
                            + " not followed by CRLF");
                }
                String text = buf.toString(position[0], (int) length, StandardCharsets.UTF_8);
                position[0] = contentEnd + 2;
                Kind kind = type == '$' ? Kind.BULK : type == '=' ? Kind.VERBATIM : Kind.ERROR;
                return new RespValue(kind, 0, text, List.of(), start, position[0]);
            }
            case '*':
            case '~':
            case '>':
            case '%':
            case '|': {
                long count = number(line, start);
                if (count == -1 && type == '*') {
                    return new RespValue(Kind.NULL, 0, null, List.of(), start, position[0]);
                }
                Kind kind = switch (type) {
                    case '~' -> Kind.SET;
                    case '>' -> Kind.PUSH;
                    case '%' -> Kind.MAP;
                    case '|' -> Kind.ATTRIBUTE;
                    default -> Kind.ARRAY;
                };
                if (kind == Kind.MAP || kind == Kind.ATTRIBUTE) {
                    count = count > Long.MAX_VALUE / 2 ? -2 : count * 2;
                }
                if (count < 0) {
                    throw new IllegalArgumentException("array length " + count + " at " + start + " (expected: >= -1)");
                }
                // Every element takes at least 3 bytes: a count the bytes at hand cannot hold sizes nothing.
                if (count > (limit - position[0]) / 3) {
                    throw INCOMPLETE;
                }
                List<RespValue> items = new ArrayList<>((int) count);
                for (int i = 0; i < count; i++) {
                    items.add(read(buf, position, limit, depth + 1));
                }
                return new RespValue(kind, 0, null, List.copyOf(items), start, position[0]);
            }
            default:
                throw new IllegalArgumentException("unexpected RESP type byte " + (type & 0xff) + " at " + start);
        }
    }

    private static long number(String line, int at) {
        try {
            return Long.parseLong(line);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + line + "' at " + at + " is not a number");
        }
    }

    public Kind kind() {
        return kind;
    }

    /** The text of a simple string, error or bulk string; null for other kinds. */
    public String text() {
        return text;
    }

    public long integer() {
        return integer;
    }

    public List<RespValue> items() {
        return items;
    }

    public RespValue get(int index) {
        return items.get(index);
    }

    /** Index of this value's first byte in the parsed buffer. */
    public int start() {
        return start;
    }

    /** Index just past this value's last byte in the parsed buffer. */
    public int end() {
        return end;
    }

    /** For maps (RESP3's, or RESP2's flat arrays of key, value, ...): the value after {@code key}, or null. */
    public RespValue field(String key) {
        for (int i = 0; i + 1 < items.size(); i += 2) {
            if (key.equals(items.get(i).text)) {
                return items.get(i + 1);
            }
        }
        return null;
    }

    /** The texts of an array's elements. */
    public List<String> texts() {
        List<String> texts = new ArrayList<>(items.size());
        items.forEach(item -> texts.add(item.text));
        return texts;
    }

    @Override
    public String toString() {
        switch (kind) {
            case SIMPLE:
            case BULK:
            case VERBATIM:
            case DOUBLE:
            case BOOLEAN:
            case BIG_NUMBER:
                return text;
            case ERROR:
                return "-" + text;
            case INTEGER:
                return Long.toString(integer);
            case NULL:
                return "null";
            default:
                return items.toString();
        }
    }
}
