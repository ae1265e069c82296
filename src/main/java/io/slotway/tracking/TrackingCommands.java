package io.slotway.tracking;

import io.netty.buffer.ByteBuf;
import io.slotway.command.CommandFlag;
import io.slotway.command.CommandSpec;
import io.slotway.command.Errors;
import io.slotway.command.KeyLocator;
import io.slotway.protocol.Replies;
import io.slotway.protocol.Request;
import io.slotway.protocol.RespWriter;
import io.slotway.route.Route;
import io.slotway.route.Routes;
import io.slotway.session.Client;
import io.slotway.session.LiveClients;
import io.slotway.session.PendingAnswer;
import io.slotway.upstream.Upstream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * CLIENT TRACKING, CACHING, GETREDIR and TRACKINGINFO as Redis 7.0 answers them, and what a caching client's
 * commands leave behind: the keys of its reads (as OPTIN and OPTOUT say) and, with NOLOOP, of its writes. One per
 * config generation; every method takes ownership of its request.
 */
public final class TrackingCommands {

    /** Opening a listener connection per primary and turning tracking on there takes milliseconds. */
    private static final long LISTEN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** Commands whose declared keys a script reads, though the table cannot say they only read. */
    private static final Set<String> SCRIPTS = Set.of("eval", "evalsha", "fcall");

    private final Routes routes;
    private final Trackings trackings;
    private final int maxKeys;
    private final int maxConnections;

    /**
     * {@code maxKeys}: limits.tracking_table_max_keys; {@code maxConnections}: limits.dedicated_connections_per_node,
     * which listener connections count against.
     */
    public TrackingCommands(Routes routes, Trackings trackings, int maxKeys, int maxConnections) {
        this.routes = routes;
        this.trackings = trackings;
        this.maxKeys = maxKeys;
        this.maxConnections = maxConnections;
        trackings.current(routes);
    }

    private UpstreamTracking table(Upstream upstream, Client client) {
        return trackings.of(upstream, maxKeys, maxConnections, client.services());
    }

    /**
     * CLIENT TRACKING on|off [REDIRECT id] [PREFIX p ...] [BCAST] [OPTIN] [OPTOUT] [NOLOOP]. Turning it on answers
     * once this loop listens to every primary, so the very first read after it can be cached.
     */
    public void tracking(Client client, Request request) {
        String error;
        try {
            error = track(client, request);
        } catch (RuntimeException e) {
            request.release();
            throw e;
        }
        if (error != null || client.state().tracking() == null) {
            client.answer(error == null ? Replies.shared(Replies.OK) : Replies.error(client.alloc(), error));
            request.release();
            return;
        }
        List<UpstreamTracking> tables = new ArrayList<>();
        // The upstreams caching clients read from: each route's own, never a mirror or a read upstream.
        routes.keyspaces().forEach(route -> tables.add(table(route.upstream(), client)));
        PendingAnswer answer = client.answerLater(request, LISTEN_TIMEOUT_NANOS);
        int[] left = {tables.size()};
        for (UpstreamTracking table : tables) {
            table.afterListening(() -> {
                if (--left[0] == 0) {
                    answer.answer(Replies.shared(Replies.OK));
                }
            });
        }
    }

    private String track(Client client, Request request) {
        boolean broadcast = false;
        boolean optIn = false;
        boolean optOut = false;
        boolean noLoop = false;
        long redirect = 0;
        List<String> prefixes = new ArrayList<>();
        // The index only moves forward, bounded by the argument count.
        for (int i = 3; i < request.count(); i++) {
            boolean more = i + 1 < request.count();
            String option = request.argString(i).toLowerCase(Locale.ROOT);
            if (option.equals("redirect") && more) {
                if (redirect != 0) {
                    return "ERR A client can only redirect to a single other client";
                }
                redirect = request.parseLong(++i, Long.MIN_VALUE);
                if (redirect == Long.MIN_VALUE) {
                    return Errors.NOT_INTEGER;
                }
                // As Redis: the client must exist now, though it may leave later.
                if (LiveClients.find(redirect) == null) {
                    return "ERR The client ID you want redirect to does not exist";
                }
            } else if (option.equals("prefix") && more) {
                prefixes.add(request.frame().toString(request.offset(i + 1), request.length(i + 1),
                        StandardCharsets.ISO_8859_1));
                i++;
            } else if (option.equals("bcast")) {
                broadcast = true;
            } else if (option.equals("optin")) {
                optIn = true;
            } else if (option.equals("optout")) {
                optOut = true;
            } else if (option.equals("noloop")) {
                noLoop = true;
            } else {
                return Errors.SYNTAX;
            }
        }
        Tracker current = (Tracker) client.state().tracking();
        if (request.equalsIgnoreCase(2, "OFF")) {
            client.state().tracking(null);
            return null;
        }
        if (!request.equalsIgnoreCase(2, "ON")) {
            return Errors.SYNTAX;
        }
        String refusal = refusal(current, broadcast, optIn, optOut, prefixes);
        if (refusal != null) {
            return refusal;
        }
        if (current != null) {
            // On again: new options, the prefixes added, and the keys it read so far still tracked.
            current.reconfigure(redirect, optIn, optOut, noLoop, joined(current.prefixes(),
                    broadcast && prefixes.isEmpty() ? List.of("") : prefixes));
            return null;
        }
        Tracker next = new Tracker(client, redirect, broadcast, optIn, optOut, noLoop, prefixes);
        client.state().tracking(next);
        for (Route route : routes.keyspaces()) {
            Upstream upstream = route.upstream();
            if (broadcast) {
                table(upstream, client).broadcastTo(next, client);
            } else {
                // Listening before the first read, so that read's value can be cached at once.
                table(upstream, client).join(next, client);
            }
        }
        return null;
    }

    private static List<String> joined(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        second.stream().filter(prefix -> !all.contains(prefix)).forEach(all::add);
        return all;
    }

    /** Redis's refusals of an option set, in its order; null when acceptable. */
    private static String refusal(Tracker current, boolean broadcast, boolean optIn, boolean optOut,
                                  List<String> prefixes) {
        if (!broadcast && !prefixes.isEmpty()) {
            return "ERR PREFIX option requires BCAST mode to be enabled";
        }
        if (current != null && current.broadcast() != broadcast) {
            return "ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then "
                    + "re-enabling it with a different mode.";
        }
        if (broadcast && (optIn || optOut)) {
            return "ERR OPTIN and OPTOUT are not compatible with BCAST";
        }
        if (optIn && optOut) {
            return "ERR You can't specify both OPTIN mode and OPTOUT mode";
        }
        if (current != null && (optIn && current.optOut() || optOut && current.optIn())) {
            return "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then "
                    + "re-enabling it with a different mode.";
        }
        // Bounded by the prefixes given, against the client's own and pairwise, in Redis's order.
        for (int i = 0; i < prefixes.size(); i++) {
            for (String existing : current == null ? List.<String>of() : current.prefixes()) {
                String given = prefixes.get(i);
                if (given.startsWith(existing) || existing.startsWith(given)) {
                    return "ERR Prefix '" + given + "' overlaps with an existing prefix '" + existing
                            + "'. Prefixes for a single client must not overlap.";
                }
            }
            for (int j = i + 1; j < prefixes.size(); j++) {
                String first = prefixes.get(i);
                String second = prefixes.get(j);
                if (first.startsWith(second) || second.startsWith(first)) {
                    return "ERR Prefix '" + first + "' overlaps with another provided prefix '" + second
                            + "'. Prefixes for a single client must not overlap.";
                }
            }
        }
        return null;
    }

    /** CLIENT CACHING yes|no: whether the next command's reads are cached, in OPTIN or OPTOUT mode. */
    public void caching(Client client, Request request) {
        try {
            client.answer(cache(client, request));
        } finally {
            request.release();
        }
    }

    private ByteBuf cache(Client client, Request request) {
        Tracker tracker = (Tracker) client.state().tracking();
        if (tracker == null) {
            return Replies.error(client.alloc(), "ERR CLIENT CACHING can be called only when the client is in "
                    + "tracking mode with OPTIN or OPTOUT mode enabled");
        }
        if (request.equalsIgnoreCase(2, "YES")) {
            if (!tracker.optIn()) {
                return Replies.error(client.alloc(),
                        "ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.");
            }
        } else if (request.equalsIgnoreCase(2, "NO")) {
            if (!tracker.optOut()) {
                return Replies.error(client.alloc(),
                        "ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");
            }
        } else {
            return Replies.error(client.alloc(), Errors.SYNTAX);
        }
        tracker.cachingGiven(true);
        return Replies.shared(Replies.OK);
    }

    /** CLIENT GETREDIR: the client invalidations go to while tracking (0: itself), -1 otherwise. */
    public void redirect(Client client, Request request) {
        try {
            client.answer(Replies.integer(client.alloc(), client.state().tracking() == null ? -1
                    : client.state().tracking().redirect()));
        } finally {
            request.release();
        }
    }

    /** CLIENT TRACKINGINFO: flags, redirect and prefixes, as Redis's map. */
    public void info(Client client, Request request) {
        try {
            Tracker tracker = (Tracker) client.state().tracking();
            List<String> flags = new ArrayList<>();
            flags.add(tracker == null ? "off" : "on");
            if (tracker != null) {
                if (tracker.broadcast()) {
                    flags.add("bcast");
                }
                if (tracker.optIn()) {
                    flags.add("optin");
                    if (tracker.cachingGiven()) {
                        flags.add("caching-yes");
                    }
                }
                if (tracker.optOut()) {
                    flags.add("optout");
                    if (tracker.cachingGiven()) {
                        flags.add("caching-no");
                    }
                }
                if (tracker.noLoop()) {
                    flags.add("noloop");
                }
                if (tracker.brokenRedirect()) {
                    flags.add("broken_redirect");
                }
            }
            int protocol = client.state().protocol();
            ByteBuf out = client.alloc().buffer();
            RespWriter.writeMapHeader(out, 3, protocol);
            RespWriter.writeBulk(out, "flags");
            RespWriter.writeSetHeader(out, flags.size(), protocol);
            flags.forEach(flag -> RespWriter.writeBulk(out, flag));
            RespWriter.writeBulk(out, "redirect");
            RespWriter.writeInteger(out, tracker == null ? -1 : tracker.redirect());
            RespWriter.writeBulk(out, "prefixes");
            List<String> prefixes = tracker == null ? List.of() : tracker.prefixes();
            RespWriter.writeArrayHeader(out, prefixes.size());
            prefixes.forEach(prefix -> RespWriter.writeBulk(out, prefix.getBytes(StandardCharsets.ISO_8859_1)));
            client.answer(out);
        } finally {
            request.release();
        }
    }

    /**
     * Before a caching client's command runs: the keys it reads are remembered (so a change after the read, by
     * anyone, invalidates them), a NOLOOP client's writes are noted, and CLIENT CACHING's word is used up, as Redis
     * uses it (not by CLIENT itself, nor inside MULTI). {@code entry} is the command's own (sub)command entry.
     */
    public void observe(Client client, Request request, CommandSpec entry) {
        Tracker tracker = (Tracker) client.state().tracking();
        if (tracker == null) {
            return;
        }
        boolean queueing = client.state().mode().queuedCommands() >= 0;
        if (entry.name().equals("exec")) {
            tracker.execute(client);
            return;
        }
        if (entry.name().equals("discard")) {
            tracker.discardQueued();
            return;
        }
        // A script's declared keys count as read: Redis tracks what its commands read for the caller.
        boolean read = (entry.has(CommandFlag.READONLY) || SCRIPTS.contains(entry.name())) && tracker.tracksRead();
        boolean ownWrite = entry.has(CommandFlag.WRITE) && tracker.noLoop();
        if (read || ownWrite) {
            keysByUpstream(client, request, entry).forEach((upstream, keys) -> {
                UpstreamTracking table = table(upstream, client);
                if (queueing) {
                    tracker.queue(table, keys, read);
                } else if (read) {
                    table.read(tracker, client, keys);
                } else {
                    table.wrote(tracker, keys);
                }
            });
        }
    }

    /**
     * After any command of a caching client, refused or run: CLIENT CACHING's word is used up, as Redis uses it up,
     * except by CLIENT's own subcommands and inside MULTI ({@code spec}: null for an unknown command).
     */
    public void ended(Client client, CommandSpec spec) {
        Tracker tracker = (Tracker) client.state().tracking();
        if (tracker != null && client.state().mode().queuedCommands() < 0
                && (spec == null || !spec.name().equals("client"))) {
            tracker.cachingGiven(false);
        }
    }

    /**
     * The command's keys by the upstream that holds them, as clients name them: the dispatcher cut a route's prefix
     * from keys it removes (it is put back here); keys that span routes were left whole, each with its own route.
     */
    private Map<Upstream, List<String>> keysByUpstream(Client client, Request request, CommandSpec entry) {
        int[] positions = client.keyScratch(request.count());
        int count = KeyLocator.locate(entry, request, positions);
        Route route = client.state().route();
        Map<Upstream, List<String>> keys = new IdentityHashMap<>(2);
        for (int i = 0; i < count; i++) {
            int argument = positions[i];
            Route keyRoute = route != null ? route
                    : routes.route(request.buffer(), request.offset(argument), request.length(argument));
            String name = request.frame().toString(request.offset(argument), request.length(argument),
                    StandardCharsets.ISO_8859_1);
            keys.computeIfAbsent(keyRoute.upstream(), up -> new ArrayList<>()).add(route != null
                    && route.removesPrefix() ? new String(route.removed(), StandardCharsets.ISO_8859_1) + name : name);
        }
        return keys;
    }
}
