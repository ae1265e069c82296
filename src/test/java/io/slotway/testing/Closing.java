package io.slotway.testing;

import java.util.List;

/** Closes what a test class started, all of it even when one fails to close (nulls, never started, are skipped). */
public final class Closing {

    private Closing() {
    }

    public static void all(List<? extends AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                // Best effort: the rest are still closed.
            }
        }
    }
}
