package io.slotway.monitor;

import io.slotway.command.CommandFlag;
import io.slotway.command.CommandSpec;
import io.slotway.protocol.Replies;
import io.slotway.protocol.Request;
import io.slotway.session.Client;
import io.slotway.session.ClientMode;

import java.util.Set;

/**
 * MONITOR as Redis answers it, per config generation: {@code +OK}, then every command Slotway's clients send (but
 * administrative ones, which Redis keeps from monitors too), each in the database it ran in. A monitor may only
 * PING, QUIT and RESET; a second MONITOR is ignored. Every method takes ownership of its request.
 */
public final class MonitorCommand {

    private static final Set<String> ALLOWED_WHILE_MONITORING = Set.of("ping", "quit", "reset", "monitor");

    private final Monitors monitors;
    private final int defaultDatabase;
    private final long backlogLimit;

    /**
     * {@code defaultDatabase}: where clients start, shown for those that never said SELECT; {@code backlogLimit}:
     * the bytes a monitor may fall behind before it is closed (limits.pubsub_output_buffer; 0 for none).
     */
    public MonitorCommand(Monitors monitors, int defaultDatabase, long backlogLimit) {
        this.monitors = monitors;
        this.defaultDatabase = defaultDatabase;
        this.backlogLimit = backlogLimit;
    }

    /** Whether {@code client} is a monitor. */
    public static boolean monitoring(Client client) {
        return client.state().mode() instanceof Monitoring;
    }

    /** Whether a monitor may run {@code entry}; else it gets {@link #notAllowed}. */
    public static boolean allowedWhileMonitoring(CommandSpec entry) {
        return ALLOWED_WHILE_MONITORING.contains(entry.name());
    }

    /** Redis's error: a monitor is a replica to Redis. */
    public static String notAllowed() {
        return "ERR Replica can't interact with the keyspace";
    }

    /** Whether {@code entry} is shown to monitors: Redis keeps administrative commands from them. */
    public boolean shows(CommandSpec entry) {
        return monitors.active() && !entry.has(CommandFlag.ADMIN);
    }

    /** The line's arguments, taken before the command runs (it may release the request). */
    public String arguments(Request request) {
        return monitors.arguments(request);
    }

    /** After the command ran: fed with the database it left the client in, as Redis shows SELECT's. */
    public void ran(Client client, String arguments) {
        int database = client.state().database();
        monitors.feed(client, database >= 0 ? database : defaultDatabase, arguments);
    }

    public void monitor(Client client, Request request) {
        try {
            if (monitoring(client)) {
                // Redis ignores it, without a reply.
                return;
            }
            if (client.state().mode() != ClientMode.NORMAL) {
                client.answer(Replies.error(client.alloc(), "ERR MONITOR in a transaction, after WATCH or while "
                        + "subscribed is not supported by Slotway"));
                return;
            }
            MonitorFeed feed = monitors.add(client, backlogLimit);
            client.state().mode(new Monitoring(monitors, feed));
            client.answer(Replies.shared(Replies.OK));
        } finally {
            request.release();
        }
    }
}
