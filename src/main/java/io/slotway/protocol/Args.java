package io.slotway.protocol;

import io.netty.buffer.ByteBuf;

/**
 * A command's arguments as byte ranges of one buffer, so that routing can read them without copying.
 * Argument 0 is the command name.
 */
public interface Args {

    int count();

    /** The buffer every argument lives in; offsets are absolute indexes into it. */
    ByteBuf buffer();

    int offset(int index);

    int length(int index);

    /** Compares argument {@code index} with an upper-case ASCII word, ignoring the argument's case. */
    default boolean equalsIgnoreCase(int index, byte[] upperAscii) {
        int length = length(index);
        if (length != upperAscii.length) {
            return false;
        }
        ByteBuf buf = buffer();
        int offset = offset(index);
        for (int i = 0; i < length; i++) {
            if (Ascii.toUpper(buf.getByte(offset + i)) != upperAscii[i]) {
                return false;
            }
        }
        return true;
    }

    /** Like {@link #equalsIgnoreCase(int, byte[])} for an upper-case ASCII String (no allocation either). */
    default boolean equalsIgnoreCase(int index, String upperAscii) {
        int length = length(index);
        if (length != upperAscii.length()) {
            return false;
        }
        ByteBuf buf = buffer();
        int offset = offset(index);
        for (int i = 0; i < length; i++) {
            if (Ascii.toUpper(buf.getByte(offset + i)) != upperAscii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Parses argument {@code index} as a decimal long the way Redis does, or returns {@code fallback}. */
    default long parseLong(int index, long fallback) {
        return Ascii.parseLong(buffer(), offset(index), length(index), fallback);
    }

    /** Copies argument {@code index} out; for the cold paths (errors, names kept per client) only. */
    default byte[] copy(int index) {
        byte[] bytes = new byte[length(index)];
        buffer().getBytes(offset(index), bytes);
        return bytes;
    }
}
