package io.slotway.upstream;

/**
 * Whether a node can be reached, as the last connection attempt to it (from any event loop) found. A node is
 * presumed up until an attempt fails. Written by the node's pools, read by routing and reports; thread-safe.
 */
public final class NodeHealth {

    private volatile boolean down;
    private volatile String lastFailure = "";
    private volatile long changedAtMillis = System.currentTimeMillis();

    public boolean isDown() {
        return down;
    }

    /** Why the last attempt failed; empty if none has. */
    public String lastFailure() {
        return lastFailure;
    }

    /** When the node last went down or came back up (epoch millis). */
    public long changedAtMillis() {
        return changedAtMillis;
    }

    /** @return whether the node was down until now */
    boolean markUp() {
        if (!down) {
            return false;
        }
        down = false;
        changedAtMillis = System.currentTimeMillis();
        return true;
    }

    /** @return whether the node was up until now */
    boolean markDown(String cause) {
        lastFailure = cause;
        if (down) {
            return false;
        }
        down = true;
        changedAtMillis = System.currentTimeMillis();
        return true;
    }
}
