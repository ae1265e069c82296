package io.slotway.command;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.slotway.keyspace.Glob;
import io.slotway.protocol.Ascii;
import io.slotway.protocol.RespWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Key names in replies (KEYS, SCAN, RANDOMKEY) given back the prefix a route removed on the way in
 * ({@code remove_prefix}), and kept only where they match the client's pattern when the node could not be asked
 * for exactly that pattern: a client never sees a key it did not use.
 */
public final class KeyNames {

    /** Where the key names of a reply are. */
    public enum Shape {
        /** An array of key names (KEYS). */
        ARRAY,
        /** SCAN's {@code [cursor, [keys]]}. */
        SCAN,
        /** One key name, or null (RANDOMKEY). */
        ONE
    }

    /**
     * What one part's reply needs: {@code prefix} put before each key name (empty: none), then only names matching
     * {@code filter} kept (null: all).
     */
    public record Restore(byte[] prefix, byte[] filter) {
    }

    /** Where a command's own reply names keys; none for most commands. */
    public enum InReply {
        /** {@code [key, ...]}: BLPOP, BZPOPMIN, BLMPOP, LMPOP, ZMPOP and their kin. */
        FIRST,
        /** {@code [[key, entries], ...]}, or RESP3's map of key to entries: XREAD and XREADGROUP. */
        STREAMS
    }

    /** Redis's COMMAND does not say which replies carry key names; these are the ones that do. */
    private static final Map<String, InReply> IN_REPLY = Map.of(
            "blpop", InReply.FIRST, "brpop", InReply.FIRST, "bzpopmin", InReply.FIRST, "bzpopmax", InReply.FIRST,
            "blmpop", InReply.FIRST, "bzmpop", InReply.FIRST, "lmpop", InReply.FIRST, "zmpop", InReply.FIRST,
            "xread", InReply.STREAMS, "xreadgroup", InReply.STREAMS);

    private KeyNames() {
    }

    /** Where {@code spec}'s reply names keys; null when it names none. */
    public static InReply inReplyOf(CommandSpec spec) {
        return IN_REPLY.get(spec.name());
    }

    /**
     * {@code reply} with {@code prefix} before each key name it carries where {@code shape} says; takes ownership
     * of {@code reply} and returns the reply to send. Errors and nulls come back as they are.
     */
    public static ByteBuf restore(ByteBufAllocator alloc, ByteBuf reply, byte[] prefix, InReply shape) {
        byte type = reply.getByte(reply.readerIndex());
        if ((type != '*' && type != '%') || reply.getByte(reply.readerIndex() + 1) == '-') {
            return reply;
        }
        int[] bounds = Mergers.elements(reply);
        ByteBuf out = alloc.buffer(reply.readableBytes() + prefix.length * Math.max(1, bounds.length / 2) + 16);
        try {
            int headerEnd = reply.indexOf(reply.readerIndex(), reply.writerIndex(), (byte) '\n') + 1;
            out.writeBytes(reply, reply.readerIndex(), headerEnd - reply.readerIndex());
            for (int i = 0; i < bounds.length; i += 2) {
                int start = bounds[i];
                int end = bounds[i + 1];
                if (shape == InReply.FIRST && i == 0 || shape == InReply.STREAMS && type == '%' && i % 4 == 0) {
                    RespWriter.writeBulk(out, prefixed(prefix, reply, start));
                } else if (shape == InReply.STREAMS && type == '*') {
                    // One [key, entries] pair: its key gets the prefix, its entries stay as they are.
                    int[] inner = Mergers.elements(reply, start);
                    RespWriter.writeArrayHeader(out, inner.length / 2);
                    RespWriter.writeBulk(out, prefixed(prefix, reply, inner[0]));
                    out.writeBytes(reply, inner[1], end - inner[1]);
                } else {
                    out.writeBytes(reply, start, end - start);
                }
            }
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        } finally {
            reply.release();
        }
    }

    /** {@code inner}, run over the parts' replies once each has had its {@code restores[i]} (null: as it came). */
    public static ReplyMerger restoring(ReplyMerger inner, Shape shape, Restore[] restores) {
        return (alloc, replies, plan, protocol) -> {
            ByteBuf[] restored = new ByteBuf[replies.length];
            try {
                for (int i = 0; i < replies.length; i++) {
                    restored[i] = restores[i] == null ? replies[i].retain()
                            : restore(alloc, shape, replies[i], restores[i]);
                }
                return inner.merge(alloc, restored, plan, protocol);
            } finally {
                for (ByteBuf reply : restored) {
                    if (reply != null) {
                        reply.release();
                    }
                }
            }
        };
    }

    private static ByteBuf restore(ByteBufAllocator alloc, Shape shape, ByteBuf reply, Restore restore) {
        byte type = reply.getByte(reply.readerIndex());
        if (type == '-' || type == '_' || (type == '$' && reply.getByte(reply.readerIndex() + 1) == '-')) {
            return reply.retainedDuplicate();
        }
        return switch (shape) {
            case ARRAY -> array(alloc, reply, restore);
            case ONE -> {
                ByteBuf out = alloc.buffer(reply.readableBytes() + restore.prefix().length + 8);
                RespWriter.writeBulk(out, prefixed(restore.prefix(), reply, reply.readerIndex()));
                yield out;
            }
            case SCAN -> {
                int[] bounds = Mergers.elements(reply);
                ByteBuf keys = array(alloc, reply, bounds[2], restore);
                ByteBuf out = alloc.buffer(bounds[1] - bounds[0] + keys.readableBytes() + 4);
                RespWriter.writeArrayHeader(out, 2);
                out.writeBytes(reply, bounds[0], bounds[1] - bounds[0]).writeBytes(keys);
                keys.release();
                yield out;
            }
        };
    }

    private static ByteBuf array(ByteBufAllocator alloc, ByteBuf reply, Restore restore) {
        return array(alloc, reply, reply.readerIndex(), restore);
    }

    /** The array whose header is at {@code start}, its key names restored. */
    private static ByteBuf array(ByteBufAllocator alloc, ByteBuf reply, int start, Restore restore) {
        int[] bounds = Mergers.elements(reply, start);
        List<byte[]> names = new ArrayList<>(bounds.length / 2);
        long bytes = 0;
        for (int i = 0; i < bounds.length; i += 2) {
            byte[] name = prefixed(restore.prefix(), reply, bounds[i]);
            if (restore.filter() == null || Glob.matches(restore.filter(), name)) {
                names.add(name);
                bytes += name.length + 16;
            }
        }
        ByteBuf out = alloc.buffer((int) Math.min(Integer.MAX_VALUE, bytes + 16));
        RespWriter.writeArrayHeader(out, names.size());
        names.forEach(name -> RespWriter.writeBulk(out, name));
        return out;
    }

    /** {@code prefix} followed by the bulk string whose header starts at {@code start}. */
    private static byte[] prefixed(byte[] prefix, ByteBuf reply, int start) {
        int lineEnd = reply.indexOf(start, reply.writerIndex(), (byte) '\r');
        int length = (int) Ascii.parseLong(reply, start + 1, lineEnd - start - 1, 0);
        byte[] name = new byte[prefix.length + length];
        System.arraycopy(prefix, 0, name, 0, prefix.length);
        reply.getBytes(lineEnd + 2, name, prefix.length, length);
        return name;
    }
}
