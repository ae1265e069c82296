package io.slotway.session;

/**
 * What a client's commands mean right now: each answered on its own ({@link #NORMAL}), or a stateful mode (a
 * transaction being queued, ...) that lives in a package of its own and holds what it needs until it ends.
 */
public interface ClientMode {

    /** Each command is answered on its own, over shared connections. */
    ClientMode NORMAL = new ClientMode() {
        @Override
        public String toString() {
            return "normal";
        }
    };

    /**
     * Whether the client waits for messages it did not ask for (a subscriber), so a long silence from it is normal
     * and limits.client_idle_timeout does not close it.
     */
    default boolean awaitsPushes() {
        return false;
    }

    /** A command was refused before it could run (unknown, wrong arity, denied, ...). */
    default void refused() {
    }

    /** The mode is over (ended by its commands, RESET, or the client leaving): let go of what it holds. */
    default void end() {
    }
}
