package io.slotway.upstream;

/**
 * What an upstream connection is set up for in its handshake, before it carries client traffic: the database it
 * SELECTs and the protocol it speaks (HELLO 3 for RESP3). A client's commands go on connections set up as the
 * client is, so Redis's replies reach it in its own protocol byte for byte.
 */
public record ConnectionSetup(int database, int protocol) {

    public ConnectionSetup {
        if (protocol != 2 && protocol != 3) {
            throw new IllegalArgumentException("protocol " + protocol + " (expected: 2 or 3)");
        }
    }

    /** Database 0 in RESP2: what connections Slotway uses for itself (subscriptions, probes) are set up as. */
    public static final ConnectionSetup DEFAULT = new ConnectionSetup(0, 2);
}
