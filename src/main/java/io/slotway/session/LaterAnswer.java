package io.slotway.session;

import io.netty.buffer.ByteBuf;

/** A {@link PendingAnswer} for an exchange in the client's queue, which holds the exchange until it is ended. */
final class LaterAnswer implements PendingAnswer {

    private final Exchange exchange;

    LaterAnswer(Exchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public void answer(ByteBuf reply) {
        exchange.complete(reply);
    }

    @Override
    public void fail(String error) {
        exchange.fail(error);
    }

    @Override
    public boolean isAnswered() {
        return exchange.isDone();
    }
}
