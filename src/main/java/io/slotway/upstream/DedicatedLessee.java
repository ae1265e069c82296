package io.slotway.upstream;

/** Who asked {@link DedicatedPool#lease} for a connection: told exactly once, unless it stopped wanting one. */
public interface DedicatedLessee {

    /** The connection is this lessee's until it releases or closes it. */
    void leased(DedicatedConnection connection);

    /** No connection: {@code error} is an error line's text naming the limit or the node's trouble. */
    void refused(String error);

    /** False once the lessee no longer wants a connection (its client left, its deadline passed). */
    boolean wantsLease();
}
