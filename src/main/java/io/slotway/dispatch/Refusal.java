package io.slotway.dispatch;

import io.slotway.protocol.Replies;
import io.slotway.protocol.Request;
import io.slotway.session.Client;

/** Answers a request with an error and lets go of it: nothing of it reaches an upstream. */
final class Refusal {

    private Refusal() {
    }

    /** A handler that only ever refuses: its commands never run, so monitors are not shown them. */
    @FunctionalInterface
    interface Handler extends CommandHandler {
    }

    /** The handler that refuses every request with {@code error}. */
    static Handler always(String error) {
        return (client, request, spec) -> reject(client, request, error);
    }

    /** Refuses {@code request}; a transaction being queued is aborted by it, as in Redis. Always false: not run. */
    static boolean refuse(Client client, Request request, String error) {
        client.state().mode().refused();
        reject(client, request, error);
        return false;
    }

    /** Takes ownership of {@code request}. */
    static void reject(Client client, Request request, String error) {
        try {
            client.answer(Replies.error(client.alloc(), error));
        } finally {
            request.release();
        }
    }
}
