package io.slotway.protocol;

/**
 * Emitted by {@link RequestDecoder} in place of a request when the input is malformed: the session answers
 * {@code -ERR Protocol error: ...} after the replies it owes, then closes the connection, as Redis does.
 */
public record ProtocolError(String message) {
}
