package io.slotway.route;

import io.slotway.command.CommandFlag;
import io.slotway.command.CommandSpec;
import io.slotway.upstream.Upstream;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Where the keys of one prefix go (or of none: the default route).
 *
 * @param prefix       the prefix as configured; empty for the default route
 * @param upstream     where commands go
 * @param readUpstream where read-only commands go instead; null: to {@code upstream}
 * @param removed      the bytes cut from the front of each key on the way in and put back on key names in replies;
 *                     empty when the route keeps keys whole
 * @param mirrors      where copies of its commands go
 */
public record Route(String prefix, Upstream upstream, Upstream readUpstream, byte[] removed, List<Mirror> mirrors) {

    public Route {
        mirrors = List.copyOf(mirrors);
    }

    public static Route of(Upstream upstream) {
        return new Route("", upstream, null, new byte[0], List.of());
    }

    static Route prefixed(String prefix, Upstream upstream, Upstream readUpstream, boolean removePrefix,
                          List<Mirror> mirrors) {
        return new Route(prefix, upstream, readUpstream,
                removePrefix ? prefix.getBytes(StandardCharsets.UTF_8) : new byte[0], mirrors);
    }

    /**
     * The upstream {@code spec} goes to: a read-only command to the read upstream when the route has one, unless
     * the client caches ({@code caching}): its invalidations come from the route's upstream, which a lagging read
     * upstream could answer older than.
     */
    public Upstream upstreamFor(CommandSpec spec, boolean caching) {
        return readUpstream != null && !caching && spec.has(CommandFlag.READONLY) ? readUpstream : upstream;
    }

    public boolean removesPrefix() {
        return removed.length > 0;
    }

    /** How errors and reports name this route. */
    public String describe() {
        return (prefix.isEmpty() && removed.length == 0 ? "routes.default" : "prefix '" + prefix + "'")
                + " (upstream " + upstream.name() + ")";
    }
}
