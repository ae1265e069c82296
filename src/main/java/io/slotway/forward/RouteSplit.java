package io.slotway.forward;

import io.slotway.command.CommandSpec;
import io.slotway.command.KeyLocator;
import io.slotway.command.Mergers;
import io.slotway.protocol.PrefixCut;
import io.slotway.protocol.Request;
import io.slotway.route.Route;
import io.slotway.route.Routes;
import io.slotway.session.Client;
import io.slotway.upstream.Topology;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A splittable command (MGET, MSET, DEL, ...) whose keys span prefix routes: one part per upstream and key group,
 * each key with its own route's prefix removed where that route removes it, the replies merged in key order.
 */
final class RouteSplit {

    /** Groups of one upstream's topology fit below this; the route's number goes above. */
    private static final int GROUP_BITS = 16;

    private RouteSplit() {
    }

    /** Takes ownership of {@code request}, whose keys the dispatcher found routes for. */
    static void split(Client client, Request request, CommandSpec spec, Routes routes, Mirrors mirrors) {
        int[] keys = client.keyScratch(request.count());
        int count = KeyLocator.locate(spec, request, keys);
        List<Route> distinct = new ArrayList<>(4);
        int[] routeOf = new int[count];
        int[] cuts = new int[request.count()];
        boolean cut = false;
        for (int k = 0; k < count; k++) {
            Route route = routes.route(request.buffer(), request.offset(keys[k]), request.length(keys[k]));
            int index = indexOf(distinct, route);
            routeOf[k] = index;
            cuts[keys[k]] = route.removed().length;
            cut |= route.removesPrefix();
        }
        Upstream[] upstreams = new Upstream[distinct.size()];
        Topology[] topologies = new Topology[distinct.size()];
        for (int i = 0; i < upstreams.length; i++) {
            upstreams[i] = distinct.get(i).upstreamFor(spec, client.state().tracking() != null);
            topologies[i] = upstreams[i].topology();
        }
        Request sent = cut ? PrefixCut.cut(client.alloc(), request, cuts) : request;
        mirror(client, sent, spec, distinct, routeOf, keys, count, mirrors);
        Split split = Split.byGroup(client.alloc(), sent, spec, new Split.Grouping() {
            @Override
            public int groupOf(Request in, int keyNumber, int argument) {
                int route = routeOf[keyNumber];
                return route << GROUP_BITS
                        | topologies[route].groupFor(in.buffer(), in.offset(argument), in.length(argument));
            }

            @Override
            public Upstream upstream(int group) {
                return upstreams[group >>> GROUP_BITS];
            }

            @Override
            public UpstreamNode node(int group) {
                int route = group >>> GROUP_BITS;
                return ShardRouter.target(client, upstreams[route], spec,
                        topologies[route].shardOfGroup(group & ((1 << GROUP_BITS) - 1)));
            }
        }, keys, count);
        client.fanOut(sent, split.upstreams(), split.nodes(), split.frames(), Mergers.forSpec(spec), split.plan(),
                upstreams[0].config().timeouts().commandNanos());
    }

    /** Each route's keys, and only those, go to that route's mirrors. */
    private static void mirror(Client client, Request sent, CommandSpec spec, List<Route> distinct, int[] routeOf,
                               int[] keys, int count, Mirrors mirrors) {
        for (int route = 0; route < distinct.size(); route++) {
            if (distinct.get(route).mirrors().isEmpty()) {
                continue;
            }
            int[] own = new int[count];
            int owned = 0;
            for (int k = 0; k < count; k++) {
                if (routeOf[k] == route) {
                    own[owned++] = keys[k];
                }
            }
            mirrors.copyPart(client, sent, spec, distinct.get(route), own, owned);
        }
    }

    private static int indexOf(List<Route> distinct, Route route) {
        for (int i = 0; i < distinct.size(); i++) {
            if (distinct.get(i) == route) {
                return i;
            }
        }
        distinct.add(route);
        return distinct.size() - 1;
    }
}
