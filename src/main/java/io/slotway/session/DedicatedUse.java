package io.slotway.session;

/** What a request sent on a dedicated connection does with that connection once it is answered. */
public enum DedicatedUse {

    /**
     * A blocking command on a connection leased for it alone: given back once answered; closed if the client leaves
     * or the deadline passes first, so nothing is popped for nobody. Reported as blocked, not as stuck.
     */
    BLOCKING,

    /** WATCH: the connection stays with the client (pinned) until a request sent {@link #UNPIN} or {@code unpin}. */
    PIN,

    /**
     * EXEC after WATCH: runs on the pinned connection, which goes back to the pool once answered. Fails when no
     * connection is pinned (it was lost), so the EXEC never runs unguarded.
     */
    UNPIN,

    /**
     * Not a dedicated connection: a unit on the client's shared connection whose answer changes what its later
     * requests mean (a transaction with SELECT inside); they wait for it, as behind a dedicated request.
     */
    BARRIER,

    /**
     * Not sent at all: answered by Slotway once every earlier request has its answer, by a command that changes which
     * connections later requests use (HELLO switching protocol), so none of them can overtake an earlier one.
     */
    SWITCH
}
