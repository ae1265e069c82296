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

    /** CLIENT LIST's flag letters for this mode ({@code x} in MULTI, {@code P} subscribed); empty for none. */
    default String flags() {
        return "";
    }

    /** CLIENT LIST's {@code sub}, {@code psub} and {@code ssub}: the client's channels, patterns and shard channels. */
    default int[] subscriptions() {
        return new int[3];
    }

    /** CLIENT LIST's {@code multi}: commands queued in MULTI, -1 outside one. */
    default int queuedCommands() {
        return -1;
    }

    /** A command was refused before it could run (unknown, wrong arity, denied, ...). */
    default void refused() {
    }

    /** The mode is over (ended by its commands, RESET, or the client leaving): let go of what it holds. */
    default void end() {
    }
}
