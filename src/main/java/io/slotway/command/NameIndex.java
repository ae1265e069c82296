package io.slotway.command;

import io.netty.buffer.ByteBuf;
import io.slotway.protocol.Ascii;

import java.nio.charset.StandardCharsets;
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

    NameIndex(List<T> entries, Function<T, String> name) {
        int capacity = Integer.highestOneBit(Math.max(4, entries.size() * 4) - 1) << 1;
        keys = new byte[capacity][];
        values = new Object[capacity];
        mask = capacity - 1;
        all = List.copyOf(entries);
        for (T entry : entries) {
            byte[] key = name.apply(entry).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
            int slot = hash(key) & mask;
            // Bounded: the table is at most a quarter full, so a free slot is always near.
            while (keys[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            values[slot] = entry;
        }
    }

    List<T> values() {
        return all;
    }

    @SuppressWarnings("unchecked")
    T find(ByteBuf buffer, int offset, int length) {
        if (length == 0 || length > 64) {
            return null;
        }
        int hash = 0;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + Ascii.toLower(buffer.getByte(offset + i));
        }
        // Bounded by the table's capacity; probing stops at the first empty slot.
        for (int slot = mix(hash) & mask; keys[slot] != null; slot = (slot + 1) & mask) {
            if (matches(keys[slot], buffer, offset, length)) {
                return (T) values[slot];
            }
        }
        return null;
    }

    T find(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        return find(io.netty.buffer.Unpooled.wrappedBuffer(bytes), 0, bytes.length);
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

    private static int mix(int hash) {
        return hash ^ (hash >>> 16);
    }
}
