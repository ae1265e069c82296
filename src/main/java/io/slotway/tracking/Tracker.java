package io.slotway.tracking;

import io.slotway.session.Client;
import io.slotway.session.LiveClients;
import io.slotway.session.TrackingState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One client's CLIENT TRACKING: its options, whether its next read is cached (CLIENT CACHING), the tables that hold
 * its keys, and how an invalidation reaches it. Used only from the client's event loop.
 */
final class Tracker implements TrackingState {

    private final Client client;
    /** The client invalidations go to instead (CLIENT TRACKING's REDIRECT); 0: this one. */
    private long redirect;
    /** The REDIRECT client was gone when an invalidation was due. */
    private boolean brokenRedirect;
    private final boolean broadcast;
    private boolean optIn;
    private boolean optOut;
    private boolean noLoop;
    private List<String> prefixes;
    /** CLIENT CACHING yes (OPTIN) or no (OPTOUT) was given for the next command. */
    private boolean cachingGiven;
    /** Reads and NOLOOP writes queued in MULTI, by table: recorded when EXEC runs them, dropped by DISCARD. */
    private final Map<UpstreamTracking, List<String>> queuedReads = new IdentityHashMap<>();
    private final Map<UpstreamTracking, List<String>> queuedWrites = new IdentityHashMap<>();
    /** Where this client has keys or listens (broadcast); told when tracking ends. */
    private final Set<UpstreamTracking> tables = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean ended;

    Tracker(Client client, long redirect, boolean broadcast, boolean optIn, boolean optOut, boolean noLoop,
            List<String> prefixes) {
        this.client = client;
        this.redirect = redirect;
        this.broadcast = broadcast;
        this.optIn = optIn;
        this.optOut = optOut;
        this.noLoop = noLoop;
        // Broadcast mode without a prefix is Redis's empty prefix: every key.
        this.prefixes = broadcast && prefixes.isEmpty() ? List.of("") : List.copyOf(prefixes);
    }

    /** In MULTI: {@code keys} of {@code table} are read (or, NOLOOP, written) when EXEC runs, not now. */
    void queue(UpstreamTracking table, List<String> keys, boolean read) {
        (read ? queuedReads : queuedWrites).computeIfAbsent(table, t -> new ArrayList<>()).addAll(keys);
    }

    /** EXEC is about to run the queued commands: their keys are recorded now, before they run. */
    void execute(Client via) {
        queuedReads.forEach((table, keys) -> table.read(this, via, keys));
        queuedWrites.forEach((table, keys) -> table.wrote(this, keys));
        discardQueued();
    }

    void discardQueued() {
        queuedReads.clear();
        queuedWrites.clear();
    }

    /** CLIENT TRACKING on again: the options replaced, as Redis replaces them (broadcast mode cannot change). */
    void reconfigure(long redirect, boolean optIn, boolean optOut, boolean noLoop, List<String> prefixes) {
        this.redirect = redirect;
        this.brokenRedirect = false;
        this.optIn = optIn;
        this.optOut = optOut;
        this.noLoop = noLoop;
        this.prefixes = broadcast && prefixes.isEmpty() ? List.of("") : List.copyOf(prefixes);
    }

    Client client() {
        return client;
    }

    boolean broadcast() {
        return broadcast;
    }

    boolean optIn() {
        return optIn;
    }

    boolean optOut() {
        return optOut;
    }

    boolean noLoop() {
        return noLoop;
    }

    List<String> prefixes() {
        return prefixes;
    }

    boolean cachingGiven() {
        return cachingGiven;
    }

    void cachingGiven(boolean given) {
        cachingGiven = given;
    }

    boolean brokenRedirect() {
        return brokenRedirect;
    }

    boolean ended() {
        return ended;
    }

    /** Whether a read now is remembered: always, but in OPTIN without CACHING yes, or OPTOUT after CACHING no. */
    boolean tracksRead() {
        return !broadcast && !(optIn && !cachingGiven) && !(optOut && cachingGiven);
    }

    /** Whether {@code key} has one of this broadcast client's prefixes ({@code ""}: every key). */
    boolean matches(String key) {
        for (String prefix : prefixes) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    void uses(UpstreamTracking table) {
        tables.add(table);
    }

    /**
     * Tells the client that {@code keys} changed (null: everything it cached must go), as Redis tells a RESP3 client:
     * {@code >2 invalidate [keys]}, after the replies already owed to it, which may carry the old values.
     */
    void invalidate(Collection<String> keys) {
        if (ended) {
            return;
        }
        if (redirect == 0) {
            Invalidations.send(client, keys, broadcast, false);
            return;
        }
        Client target = LiveClients.find(redirect);
        if (target == null) {
            if (!brokenRedirect) {
                // As Redis: told once, in RESP3, and shown by TRACKINGINFO.
                brokenRedirect = true;
                Invalidations.redirectBroken(client, redirect);
            }
            return;
        }
        // On the target's own loop, which may be another: only it may touch the target.
        List<String> copy = keys == null ? null : List.copyOf(keys);
        target.services().loop().execute(() -> Invalidations.send(target, copy, broadcast, true));
    }

    @Override
    public String flags() {
        return broadcast ? "tB" : "t";
    }

    @Override
    public long redirect() {
        return redirect;
    }

    @Override
    public void end() {
        ended = true;
        // Bounded by the tables this client used; copied, as leaving changes the set.
        for (UpstreamTracking table : new ArrayList<>(tables)) {
            table.forget(this);
        }
        tables.clear();
    }
}
