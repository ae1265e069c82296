package io.slotway.upstream;

/** A connection's failure as one line for an error reply or a log. */
final class SocketErrors {

    private SocketErrors() {
    }

    /** The error a request gets when its node cannot be reached, and why. */
    static String unavailable(UpstreamNode node, String cause) {
        return "ERR upstream unavailable: " + node + " (" + cause + ")";
    }

    /** The reason, without Netty's address prefix. */
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
