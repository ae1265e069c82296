package io.slotway.tls;

/** The innermost message of an exception chain: TLS failures wrap the useful reason several layers deep. */
public final class Causes {

    private Causes() {
    }

    public static String describe(Throwable error) {
        Throwable root = error;
        // Bounded: a cause chain is finite, and a self-referencing one stops at the repeat.
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replace('\r', ' ').replace('\n', ' ');
    }
}
