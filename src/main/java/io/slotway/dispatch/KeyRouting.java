package io.slotway.dispatch;

import io.slotway.command.CommandSpec;
import io.slotway.command.KeyLocator;
import io.slotway.protocol.PrefixCut;
import io.slotway.protocol.Request;
import io.slotway.route.Route;
import io.slotway.route.Routes;
import io.slotway.session.Client;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Chooses each command's route from its keys ({@code routes.prefixes}) before any handler sees it, so the forward
 * path, transactions, blocking commands and client-side caching all follow the same route, and cuts the route's
 * prefix from the keys when it removes it. Keys that span routes go on only for a command that splits (the
 * forward handler then splits it per route); otherwise they are refused, naming the routes.
 */
final class KeyRouting {

    /** How much of a key an error shows. */
    private static final int SHOWN_KEY_BYTES = 128;

    private final Routes routes;

    KeyRouting(Routes routes) {
        this.routes = routes;
    }

    /**
     * Sets the client's route for {@code request} (none: keys that span routes, to be split), and returns the
     * request to dispatch: {@code request} itself, or a copy without the route's prefix (then {@code request} is
     * released). Null when it was refused, answered here.
     */
    Request route(Client client, Request request, CommandSpec spec, boolean splits) {
        if (!routes.byPrefix() || spec.keySpecs().isEmpty()) {
            client.state().route(routes.home());
            return request;
        }
        int[] keys = client.keyScratch(request.count());
        int count = KeyLocator.locate(spec, request, keys);
        if (count == KeyLocator.UNKNOWN) {
            Refusal.refuse(client, request, "ERR " + spec.name().toUpperCase(Locale.ROOT)
                    + " is not supported with routes.prefixes: its keys cannot be located from the command table");
            return null;
        }
        if (count <= 0) {
            client.state().route(routes.home());
            return request;
        }
        Route first = null;
        int other = -1;
        // Bounded by the command's key count.
        for (int k = 0; k < count; k++) {
            Route route = routes.route(request.buffer(), request.offset(keys[k]), request.length(keys[k]));
            if (route == null) {
                Refusal.refuse(client, request, "ERR no route for key '" + key(request, keys[k])
                        + "': it starts with no prefix of routes.prefixes, and routes.default is not set");
                return null;
            }
            if (first == null) {
                first = route;
            } else if (route != first && other < 0) {
                other = k;
            }
        }
        if (other >= 0) {
            if (splits) {
                client.state().route(null);
                return request;
            }
            Route second = routes.route(request.buffer(), request.offset(keys[other]), request.length(keys[other]));
            Refusal.refuse(client, request, "CROSSSLOT Keys in request don't hash to the same slot: '"
                    + key(request, keys[0]) + "' takes " + first.describe() + " and '" + key(request, keys[other])
                    + "' takes " + second.describe());
            return null;
        }
        client.state().route(first);
        if (!first.removesPrefix()) {
            return request;
        }
        int[] cuts = new int[request.count()];
        for (int k = 0; k < count; k++) {
            cuts[keys[k]] = first.removed().length;
        }
        return PrefixCut.cut(client.alloc(), request, cuts);
    }

    private static String key(Request request, int argument) {
        int length = Math.min(request.length(argument), SHOWN_KEY_BYTES);
        return request.buffer().toString(request.offset(argument), length, StandardCharsets.UTF_8)
                + (length < request.length(argument) ? "..." : "");
    }
}
