package io.slotway.command;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.slotway.protocol.Ascii;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Open-addressing hash table from lower-case ASCII names to values, probed with the bytes of a buffer range so
 * that looking a command up allocates nothing. Built once; read-only afterwards, so safe to share across threads.
 */
final class NameIndex<T> {

    private final byte[][] keys;
    private final Object[] values;
    private final List<T> all;
    private final int mask;
    private final int longest;

    NameIndex(List<T> entries, Function<T, String> name) {
        // At most a quarter full, so probe runs stay short.
        int capacity = Integer.highestOneBit(Math.max(4, entries.size() * 4) - 1) << 1;
        keys = new byte[capacity][];
        values = new Object[capacity];
        mask = capacity - 1;
        all = List.copyOf(entries);
        int longestName = 0;
        for (T entry : entries) {
            byte[] key = name.apply(entry).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
            longestName = Math.max(longestName, key.length);
            int slot = hash(key) & mask;
            // Bounded: the table always has free slots, and every step moves to the next one.
            while (keys[slot] != null) {
                if (Arrays.equals(keys[slot], key)) {
                    throw new IllegalArgumentException("command '" + name.apply(entry) + "' listed twice");
                }
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            values[slot] = entry;
        }
        longest = longestName;
    }

    /** In the order given to the constructor. */
    List<T> values() {
        return all;
    }

    /** The value named by {@code length} bytes at {@code offset}, in any ASCII case; null if none. */
    @SuppressWarnings("unchecked")
    T find(ByteBuf buffer, int offset, int length) {
        // A name longer than every key cannot match; this also bounds the hashing of a huge argument.
        if (length == 0 || length > longest) {
            return null;
        }
        int hash = 0;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + Ascii.toLower(buffer.getByte(offset + i));
        }
        // Bounded by the capacity; probing stops at the first empty slot, and there always is one.
        for (int slot = mix(hash) & mask; keys[slot] != null; slot = (slot + 1) & mask) {
            if (matches(keys[slot], buffer, offset, length)) {
                return (T) values[slot];
            }
        }
        return null;
    }

    /** For cold paths: allocates. */
    T find(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        return find(Unpooled.wrappedBuffer(bytes), 0, bytes.length);
    }

    private static boolean matches(byte[] key, ByteBuf buffer, int offset, int length) {
        if (key.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (key[i] != Ascii.toLower(buffer.getByte(offset + i))) {
                return false;
            }
        }
        return true;
    }

    private static int hash(byte[] lowerCase) {
        int hash = 0;
        for (byte b : lowerCase) {
            hash = 31 * hash + b;
        }
        return mix(hash);
    }

    /** Spreads the high bits down, since the mask keeps only the low ones. */
    private static int mix(int hash) {
        return hash ^ (hash >>> 16);
    }
}
