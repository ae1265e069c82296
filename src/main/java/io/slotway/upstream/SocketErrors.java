package io.slotway.upstream;

/** A connection's failure as one line for an error reply or a log: the reason, without Netty's address prefix. */
final class SocketErrors {

    private SocketErrors() {
    }

    static String describe(Throwable cause) {
        String message = cause.getMessage();
        if (message == null) {
            return cause.getClass().getSimpleName();
        }
        // Netty prefixes "connection refused" and friends with the address; keep just the reason.
        int colon = message.lastIndexOf(": ");
        return colon >= 0 && message.startsWith("Connection refused") ? "connection refused"
                : message.replace('\r', ' ').replace('\n', ' ');
    }
}
