package io.slotway.session;

import io.slotway.protocol.Request;

/** Decides what one request does: the dispatcher of the config generation serving the client. */
@FunctionalInterface
public interface RequestHandler {

    /** Takes ownership of {@code request}; answers through {@code client}, now or later. */
    void handle(Client client, Request request);
}
