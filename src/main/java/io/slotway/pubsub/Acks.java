package io.slotway.pubsub;

import io.netty.buffer.ByteBuf;
import io.slotway.protocol.RespWriter;

import java.nio.charset.StandardCharsets;

/** The acknowledgement frames Redis sends a subscriber: {@code *3 kind name count}, a push ({@code >3}) in RESP3. */
final class Acks {

    private Acks() {
    }

    /** Appends one; a null name is Redis's nil, when there was nothing to leave. */
    static void write(ByteBuf out, String kind, String name, int count, int protocol) {
        RespWriter.writePushHeader(out, 3, protocol);
        RespWriter.writeBulk(out, kind.getBytes(StandardCharsets.US_ASCII));
        if (name == null) {
            RespWriter.writeNull(out, protocol);
        } else {
            RespWriter.writeBulk(out, name.getBytes(StandardCharsets.ISO_8859_1));
        }
        RespWriter.writeInteger(out, count);
    }
}
