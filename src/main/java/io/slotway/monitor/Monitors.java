package io.slotway.monitor;

import io.slotway.protocol.Request;
import io.slotway.session.Client;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every monitor of the server, kept for its life rather than one config generation's: a reload does not end a
 * MONITOR. Thread-safe; feeding costs one volatile read while nobody monitors.
 */
public final class Monitors {

    private final List<MonitorFeed> feeds = new CopyOnWriteArrayList<>();

    /** Whether anyone monitors: the caller prepares a line only then. */
    public boolean active() {
        return !feeds.isEmpty();
    }

    /** {@code request}'s arguments as the line will show them; read before the command runs and releases it. */
    public String arguments(Request request) {
        return MonitorLine.arguments(request);
    }

    /** Feeds every monitor the command {@code arguments} that {@code from} ran, in {@code database}. */
    public void feed(Client from, int database, String arguments) {
        byte[] line = MonitorLine.line(Instant.now(), database, from.address(), arguments);
        // Bounded by the monitors.
        for (MonitorFeed feed : feeds) {
            feed.offer(line);
        }
    }

    MonitorFeed add(Client client, long limit) {
        MonitorFeed feed = new MonitorFeed(client, limit);
        feeds.add(feed);
        return feed;
    }

    void remove(MonitorFeed feed) {
        feeds.remove(feed);
        feed.close();
    }
}
