package io.slotway.session;

import io.slotway.upstream.DedicatedConnection;
import io.slotway.upstream.DedicatedLessee;

/**
 * One request's wait for a dedicated connection: the pool's answer reaches the lane only while that request is still
 * the one waiting, so a late answer never serves a newer request. Used only from the client's loop.
 */
final class LaneLease implements DedicatedLessee {

    private final DedicatedLane lane;
    private final Exchange exchange;

    LaneLease(DedicatedLane lane, Exchange exchange) {
        this.lane = lane;
        this.exchange = exchange;
    }

    @Override
    public boolean wantsLease() {
        return lane.awaits(this, exchange);
    }

    @Override
    public void leased(DedicatedConnection connection) {
        if (wantsLease()) {
            lane.leased(connection);
        } else {
            // Never used: still clean.
            connection.release();
        }
    }

    @Override
    public void refused(String error) {
        if (wantsLease()) {
            lane.leaseRefused(error);
        }
    }
}
