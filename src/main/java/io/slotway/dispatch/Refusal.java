package io.slotway.dispatch;

import io.slotway.protocol.Replies;
import io.slotway.protocol.Request;
import io.slotway.session.Client;

/** Answers a request with an error and lets go of it: nothing of it reaches an upstream. */
final class Refusal {

    private Refusal() {
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
