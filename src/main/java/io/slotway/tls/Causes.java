package io.slotway.tls;

/** The innermost message of an exception chain: TLS failures wrap the useful reason several layers deep. */
public final class Causes {

    private Causes() {
    }

    public static String describe(Throwable error) {
        Throwable root = error;
        // Bounded: at most 32 links, so even a cyclic chain (A -> B -> A) ends.
        for (int depth = 0; depth < 32 && root.getCause() != null && root.getCause() != root; depth++) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replace('\r', ' ').replace('\n', ' ');
    }
}
