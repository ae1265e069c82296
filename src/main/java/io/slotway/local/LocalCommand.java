package io.slotway.local;

import io.slotway.protocol.Request;
import io.slotway.session.Client;

/** A command Slotway answers itself, because forwarding it over a shared connection would be wrong. */
@FunctionalInterface
public interface LocalCommand {

    /** Answers through {@code client}; the caller keeps ownership of {@code request} and releases it afterwards. */
    void execute(Client client, Request request);
}
