package io.slotway.protocol;

/** Malformed RESP; the message is what follows "Protocol error: " in the reply to the client. */
public final class ProtocolException extends RuntimeException {

    public ProtocolException(String message) {
        super(message, null, false, false);
    }
}
