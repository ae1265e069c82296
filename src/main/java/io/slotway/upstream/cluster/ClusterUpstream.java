package io.slotway.upstream.cluster;

import io.slotway.config.HostAndPort;
import io.slotway.config.NodeConfig;
import io.slotway.config.UpstreamConfig;
import io.slotway.keyspace.ClusterSlots;
import io.slotway.metrics.UpstreamMetrics;
import io.slotway.tls.UpstreamTls;
import io.slotway.upstream.BlockingRedis;
import io.slotway.upstream.NodePool;
import io.slotway.upstream.NodeProbe;
import io.slotway.upstream.Shard;
import io.slotway.upstream.Topology;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;
import io.slotway.upstream.UpstreamRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Redis Cluster. The slot map is read with {@code CLUSTER SLOTS} from a known node (seeds first, then every node
 * the last map named) on a thread of its own, never on an event loop: at start, every {@code refresh_interval},
 * after a MOVED and after a connection failure, at most once per {@value #MIN_REFRESH_GAP_MILLIS} ms. Each read
 * becomes a new immutable {@link SlotTable} swapped in whole.
 */
public final class ClusterUpstream implements Upstream {

    private static final Logger log = LoggerFactory.getLogger(ClusterUpstream.class);
    static final long MIN_REFRESH_GAP_MILLIS = 200;

    private final UpstreamConfig config;
    private final Optional<UpstreamTls> tls;
    private final ConcurrentHashMap<HostAndPort, UpstreamNode> nodes = new ConcurrentHashMap<>();
    private final ScheduledExecutorService refresher;
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private final AtomicLong lastRefreshMillis = new AtomicLong();
    private volatile SlotTable table;
    private volatile UpstreamMetrics metrics = UpstreamMetrics.NONE;

    public ClusterUpstream(UpstreamConfig config, Optional<UpstreamTls> tls) {
        this.tls = tls;
        this.config = config;
        this.table = SlotTable.seedOnly(node(config.nodes().get(0).address()));
        this.refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "slotway-topology-" + config.name());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Reads the slot map once (blocking, bounded by the timeouts), then refreshes it periodically, counting each
     * refresh in {@code metrics}.
     */
    @Override
    public void start(UpstreamMetrics metrics) {
        this.metrics = metrics;
        refreshNow();
        long every = config.cluster().refreshInterval().toMillis();
        refresher.scheduleWithFixedDelay(this::refreshNow, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        refresher.shutdownNow();
    }

    @Override
    public UpstreamConfig config() {
        return config;
    }

    @Override
    public Topology topology() {
        return table;
    }

    public SlotTable slotTable() {
        return table;
    }

    @Override
    public List<UpstreamNode> nodes() {
        return List.copyOf(nodes.values());
    }

    /** The one node object for an address, so pools and reports agree on identity. */
    public UpstreamNode node(HostAndPort address) {
        return nodes.computeIfAbsent(address, a -> UpstreamNode.of(config, a, tls));
    }

    int maxRedirects() {
        return config.cluster().maxRedirects();
    }

    @Override
    public void send(NodePool pool, long clientId, UpstreamRequest request) {
        pool.send(clientId, RedirectFollower.of(this, pool, clientId, request));
    }

    /** A request follows {@code redirect}: counted, and after MOVED the slot map is read again soon. */
    void followed(Redirect redirect) {
        metrics.redirect(redirect.ask());
        if (!redirect.ask()) {
            requestRefresh();
        }
    }

    @Override
    public List<String> coverageProblems() {
        int assigned = table.assignedSlots();
        return assigned == ClusterSlots.SLOT_COUNT ? List.of()
                : List.of(assigned + " of " + ClusterSlots.SLOT_COUNT + " slots have a primary");
    }

    /** Asks for a refresh soon; cheap and safe to call from an event loop, and coalesced. Nothing once stopped. */
    @Override
    public void requestRefresh() {
        if (refresher.isShutdown() || !refreshQueued.compareAndSet(false, true)) {
            return;
        }
        long wait = Math.max(0, lastRefreshMillis.get() + MIN_REFRESH_GAP_MILLIS - System.currentTimeMillis());
        try {
            refresher.schedule(() -> {
                refreshQueued.set(false);
                refreshNow();
            }, wait, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Stopped meanwhile (a reload retired this upstream): its connections are closing, nothing to refresh.
            refreshQueued.set(false);
        }
    }

    private void refreshNow() {
        lastRefreshMillis.set(System.currentTimeMillis());
        Set<HostAndPort> candidates = new LinkedHashSet<>();
        for (Shard shard : table.shards()) {
            candidates.add(shard.primary().address());
        }
        config.nodes().stream().map(NodeConfig::address).forEach(candidates::add);
        table.shards().forEach(shard -> shard.replicas().forEach(replica -> candidates.add(replica.address())));
        List<String> failures = new ArrayList<>();
        for (HostAndPort candidate : candidates) {
            try {
                SlotTable fresh = read(candidate);
                if (!fresh.sameAs(table)) {
                    log.info("upstream {}: slot map now has {} shard(s), {} of 16384 slots assigned (from {})",
                            config.name(), fresh.shards().size(), fresh.assignedSlots(), candidate);
                    table = fresh;
                }
                metrics.refresh(true);
                return;
            } catch (IOException | RuntimeException e) {
                failures.add(candidate + ": " + e.getMessage());
            }
        }
        metrics.refresh(false);
        log.warn("upstream {}: cannot read the slot map from any node: {}", config.name(), failures);
    }

    private SlotTable read(HostAndPort address) throws IOException {
        Duration timeout = config.timeouts().command().compareTo(Duration.ofSeconds(2)) < 0
                ? config.timeouts().command() : Duration.ofSeconds(2);
        try (BlockingRedis redis = NodeProbe.login(node(address), timeout)) {
            Object reply = redis.call("CLUSTER", "SLOTS");
            if (reply instanceof BlockingRedis.ErrorReply error) {
                throw new IOException(error.message());
            }
            return SlotTable.fromClusterSlots((List<?>) reply, address, this::node);
        }
    }
}
