package io.slotway.server;

import io.slotway.protocol.Request;

/** A command Slotway answers itself, because forwarding it over a shared connection would be wrong. */
@FunctionalInterface
interface LocalCommand {

    /** Answers through the session; the caller keeps ownership of {@code request} and releases it afterwards. */
    void execute(ClientSession session, Request request);
}
