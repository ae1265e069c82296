package io.slotway.generation;

import io.slotway.config.SlotwayConfig;
import io.slotway.config.UpstreamConfig;
import io.slotway.tls.TlsSetupException;
import io.slotway.tls.UpstreamTls;
import io.slotway.upstream.ShardedUpstream;
import io.slotway.upstream.StandaloneUpstream;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.cluster.ClusterUpstream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The upstreams a config names, by name, in the file's order. Built against the running set, an upstream whose
 * config is unchanged is kept as it is (its connections, slot map and node health carry on); any other is new.
 */
public record UpstreamSet(Map<String, Upstream> byName, List<Upstream> fresh) {

    private static final Logger log = LoggerFactory.getLogger(UpstreamSet.class);

    public static UpstreamSet build(SlotwayConfig config, Map<String, Upstream> running) throws TlsSetupException {
        Map<String, Upstream> byName = new LinkedHashMap<>();
        List<Upstream> fresh = new ArrayList<>();
        for (UpstreamConfig upstream : config.upstreams().values()) {
            Upstream kept = running.get(upstream.name());
            if (kept != null && kept.config().equals(upstream)) {
                byName.put(upstream.name(), kept);
                continue;
            }
            Optional<UpstreamTls> tls = tls(upstream);
            Upstream created = switch (upstream.mode()) {
                case SHARDED -> new ShardedUpstream(upstream, tls);
                case CLUSTER -> new ClusterUpstream(upstream, tls);
                case STANDALONE -> new StandaloneUpstream(upstream, tls);
            };
            byName.put(upstream.name(), created);
            fresh.add(created);
        }
        return new UpstreamSet(Collections.unmodifiableMap(byName), List.copyOf(fresh));
    }

    private static Optional<UpstreamTls> tls(UpstreamConfig upstream) throws TlsSetupException {
        if (upstream.tls().isEmpty()) {
            return Optional.empty();
        }
        UpstreamTls tls = UpstreamTls.of(upstream.name(), upstream.tls().get());
        log.info("upstream {}: TLS ({})", upstream.name(), tls.provider());
        return Optional.of(tls);
    }

    /** The running upstreams this set no longer has. */
    public List<Upstream> retiredFrom(Map<String, Upstream> running) {
        Set<Upstream> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        kept.addAll(byName.values());
        return running.values().stream().filter(upstream -> !kept.contains(upstream)).toList();
    }
}
