package io.slotway.upstream.cluster;

import io.netty.buffer.ByteBuf;
import io.slotway.config.HostAndPort;

import java.nio.charset.StandardCharsets;

/** A {@code -MOVED slot host:port} or {@code -ASK slot host:port} reply, read only when a reply starts so. */
public record Redirect(boolean ask, int slot, HostAndPort target) {

    /** Cheap check on the hot path: an error reply starting with MOVED or ASK. */
    public static boolean isRedirect(ByteBuf reply) {
        int start = reply.readerIndex();
        if (reply.readableBytes() < 6 || reply.getByte(start) != '-') {
            return false;
        }
        byte first = reply.getByte(start + 1);
        return first == 'M' && reply.getByte(start + 2) == 'O' || first == 'A' && reply.getByte(start + 2) == 'S';
    }

    /** Parses the redirect, or returns null if the text is not one. */
    public static Redirect parse(ByteBuf reply) {
        String text = reply.toString(reply.readerIndex() + 1, reply.readableBytes() - 3, StandardCharsets.UTF_8);
        String[] parts = text.split(" ");
        if (parts.length != 3 || !(parts[0].equals("MOVED") || parts[0].equals("ASK"))) {
            return null;
        }
        try {
            return new Redirect(parts[0].equals("ASK"), Integer.parseInt(parts[1]), HostAndPort.parse(parts[2]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
