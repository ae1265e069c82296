package io.slotway.pubsub;

import io.netty.buffer.ByteBuf;
import io.slotway.protocol.RespWriter;

import java.nio.charset.StandardCharsets;

/** The acknowledgement frames Redis sends a RESP2 subscriber: {@code *3 kind name count}. */
final class Acks {

    private Acks() {
    }

    /** Appends one; a null name is Redis's nil, when there was nothing to leave. */
    static void write(ByteBuf out, String kind, String name, int count) {
        RespWriter.writeArrayHeader(out, 3);
        RespWriter.writeBulk(out, kind.getBytes(StandardCharsets.US_ASCII));
        if (name == null) {
            RespWriter.writeNullBulk(out);
        } else {
            RespWriter.writeBulk(out, name.getBytes(StandardCharsets.ISO_8859_1));
        }
        RespWriter.writeInteger(out, count);
    }
}
