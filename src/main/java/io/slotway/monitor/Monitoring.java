package io.slotway.monitor;

import io.slotway.session.ClientMode;

/** A client that said MONITOR: it receives every command Slotway's clients send, until RESET or it leaves. */
final class Monitoring implements ClientMode {

    private final Monitors monitors;
    private final MonitorFeed feed;

    Monitoring(Monitors monitors, MonitorFeed feed) {
        this.monitors = monitors;
        this.feed = feed;
    }

    @Override
    public boolean awaitsPushes() {
        return true;
    }

    @Override
    public String flags() {
        return "O";
    }

    @Override
    public void end() {
        monitors.remove(feed);
    }

    @Override
    public String toString() {
        return "monitoring";
    }
}
