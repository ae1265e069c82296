package io.slotway.transaction;

import io.slotway.protocol.Request;
import io.slotway.route.Route;
import io.slotway.session.Client;
import io.slotway.session.ClientMode;
import io.slotway.upstream.Topology;
import io.slotway.upstream.Upstream;

import java.util.ArrayList;
import java.util.List;

/**
 * A client between MULTI and EXEC: the commands it queued (each request held until EXEC sends it or the
 * transaction ends), whether a refusal aborted it, and the key group every keyed command must share.
 */
final class Transaction implements ClientMode {

    /** Set when WATCH came first: the client's pinned connection must run the EXEC, and is let go at the end. */
    private final Client watcher;
    private final List<Request> queued = new ArrayList<>();
    private boolean aborted;
    /**
     * The upstream of the first keyed command, the topology snapshot its key group was taken from, and the group;
     * null and -1 until then. A group only means something within its snapshot (a sharded group is a ring index).
     */
    private Upstream upstream;
    /** Whether a SELECT was queued, and the database the last valid one takes the client to (-1: none). */
    private boolean selects;
    private int selectedDatabase = -1;
    private int selectPosition = -1;
    private Topology topology;
    private int group = -1;
    /** For the route's mirrors: the route and first key of the first keyed command, and whether any command writes. */
    private Route route;
    private byte[] firstKey;
    private boolean writes;

    /** A transaction without WATCH. */
    Transaction() {
        this(null);
    }

    /** A transaction after WATCH by {@code watcher}. */
    Transaction(Client watcher) {
        this.watcher = watcher;
    }

    boolean watched() {
        return watcher != null;
    }

    /** Redis answers EXEC with EXECABORT once any command was refused while queueing. */
    @Override
    public void refused() {
        aborted = true;
    }

    boolean aborted() {
        return aborted;
    }

    /** Takes ownership of {@code request}; {@code writes}: whether its command writes. */
    void add(Request request, boolean writes) {
        queued.add(request);
        this.writes |= writes;
    }

    /** A keyed command joined, its keys on {@code route}: the first one's route and key place the mirrors' copy. */
    void keyed(Route route, byte[] key) {
        if (firstKey == null) {
            this.route = route;
            this.firstKey = key;
        }
    }

    /** Null until a keyed command joined. */
    Route route() {
        return route;
    }

    byte[] firstKey() {
        return firstKey;
    }

    boolean writes() {
        return writes;
    }

    @Override
    public String flags() {
        return "x";
    }

    @Override
    public int queuedCommands() {
        return queued().size();
    }

    List<Request> queued() {
        return queued;
    }

    /**
     * True when {@code group} of {@code upstream}, taken from {@code topology}, may join: the first keyed command
     * decides for the rest.
     */
    boolean sameGroup(Upstream upstream, Topology topology, int group) {
        if (this.upstream == null) {
            this.upstream = upstream;
            this.topology = topology;
            this.group = group;
            return true;
        }
        return this.upstream == upstream && this.topology == topology && this.group == group;
    }

    /**
     * A SELECT was queued as command {@code position} (from 0); {@code database} is where it takes the client, -1
     * when Redis will refuse it.
     */
    void selected(int database, int position) {
        selects = true;
        if (database >= 0) {
            selectedDatabase = database;
            selectPosition = position;
        }
    }

    /** Where in EXEC's reply the last valid SELECT's answer is. */
    int selectPosition() {
        return selectPosition;
    }

    boolean selects() {
        return selects;
    }

    int selectedDatabase() {
        return selectedDatabase;
    }

    Topology topology() {
        return topology;
    }

    Upstream upstream() {
        return upstream;
    }

    int group() {
        return group;
    }

    @Override
    public void end() {
        // Bounded by the commands queued.
        for (Request request : queued) {
            request.release();
        }
        queued.clear();
        if (watcher != null) {
            // After an EXEC that took the pinned connection this does nothing; else the watch is dropped.
            watcher.unpin();
        }
    }

    @Override
    public String toString() {
        return "transaction";
    }
}
