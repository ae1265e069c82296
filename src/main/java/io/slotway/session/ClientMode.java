package io.slotway.session;

/**
 * What a client's commands mean right now. A stateful mode (a transaction being queued, a subscriber, ...) comes
 * with its own package and a constant here; the dispatcher asks the mode which commands it allows.
 */
public enum ClientMode {
    /** Each command is answered on its own, over shared connections. */
    NORMAL
}
