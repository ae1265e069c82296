package io.slotway.session;

import io.slotway.auth.Login;
import io.slotway.route.Route;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/** What Redis remembers about one client connection: its id, name, database, protocol, login, mode and tracking. */
public final class ClientState {

    private static final AtomicLong IDS = new AtomicLong();

    private final long id;
    private final Login login;
    private byte[] name;
    private int database = -1;
    private int protocol = 2;
    private ClientMode mode = ClientMode.NORMAL;
    /** Null while tracking is off. */
    private TrackingState tracking;
    private ReplyMode replyMode = ReplyMode.ON;
    /** The route of the command being dispatched; null while its keys span routes (a split across upstreams). */
    private Route route;
    /** A delay fault on the command being dispatched: its answer is held this long after it arrived; 0: none. */
    private long faultDelayNanos;

    /** CLIENT REPLY: whether replies are written; SKIP silences the next command after its own. */
    public enum ReplyMode { ON, OFF, SKIP_NEXT, SKIP }

    /** A new client, with {@code login} as the serving generation sets it up. */
    public ClientState(Login login) {
        this(IDS.incrementAndGet(), login);
    }

    public ClientState(long id, Login login) {
        this.id = id;
        this.login = login;
    }

    /** As {@code CLIENT ID} reports it: unique in this process, increasing. */
    public long id() {
        return id;
    }

    /** The route the dispatcher chose for the command it is dispatching (routes.prefixes), null across routes. */
    public Route route() {
        return route;
    }

    public void route(Route route) {
        this.route = route;
    }

    public long faultDelayNanos() {
        return faultDelayNanos;
    }

    /** Set for every command the dispatcher dispatches: 0 unless a delay fault picked it. */
    public void faultDelayNanos(long nanos) {
        this.faultDelayNanos = nanos;
    }

    /** Null when unnamed. */
    public byte[] name() {
        return name;
    }

    /** The name as text, or null. */
    public String nameString() {
        return name == null ? null : new String(name, StandardCharsets.US_ASCII);
    }

    /** An empty name clears it, as in Redis. */
    public void name(byte[] name) {
        this.name = name == null || name.length == 0 ? null : name;
    }

    /** The selected database, or -1 for the upstream's configured one. */
    public int database() {
        return database;
    }

    public void select(int database) {
        this.database = database;
    }

    /** The RESP version replies use (2 or 3), and the one of the upstream connections its commands go on. */
    public int protocol() {
        return protocol;
    }

    /** HELLO's switch: only once every earlier request has its answer (see {@code Client.answerAfterEarlier}). */
    public void protocol(int protocol) {
        this.protocol = protocol;
    }

    public ClientMode mode() {
        return mode;
    }

    /** Switches to {@code next}; the mode it leaves is ended. */
    public void mode(ClientMode next) {
        if (mode != next) {
            ClientMode previous = mode;
            mode = next;
            previous.end();
        }
    }

    /** CLIENT REPLY: SKIP has no effect while OFF holds, as in Redis. */
    public void replyMode(ReplyMode mode) {
        if (!(mode == ReplyMode.SKIP_NEXT && replyMode == ReplyMode.OFF)) {
            replyMode = mode;
        }
    }

    /** RESET's: OFF and a pending SKIP end, but a SKIP silencing this very command still does, as in Redis. */
    public void resetReplies() {
        if (replyMode != ReplyMode.SKIP) {
            replyMode = ReplyMode.ON;
        }
    }

    /** Whether the command now running is answered in silence (CLIENT REPLY OFF, or SKIP and the one after it). */
    public boolean repliesSilenced() {
        return replyMode != ReplyMode.ON;
    }

    /** A command ended: CLIENT REPLY SKIP's silence moves on to the next command, then ends, as in Redis. */
    public void commandEnded() {
        if (replyMode == ReplyMode.SKIP) {
            replyMode = ReplyMode.ON;
        } else if (replyMode == ReplyMode.SKIP_NEXT) {
            replyMode = ReplyMode.SKIP;
        }
    }

    /** The client's CLIENT TRACKING, or null when off. */
    public TrackingState tracking() {
        return tracking;
    }

    /** Tracking turned on with {@code next}, or off with null; the one it replaces is ended. */
    public void tracking(TrackingState next) {
        TrackingState previous = tracking;
        tracking = next;
        if (previous != null && previous != next) {
            previous.end();
        }
    }

    /** The client went away: its mode and its tracking end. */
    void gone() {
        mode(ClientMode.NORMAL);
        tracking(null);
    }

    Login login() {
        return login;
    }

    /** RESET: back to the state of a new connection (the caller logs the client out). */
    public void reset() {
        name = null;
        database = -1;
        protocol = 2;
        resetReplies();
        mode(ClientMode.NORMAL);
        tracking(null);
    }
}
