package io.slotway.server;

import io.slotway.admin.AdminApi;
import io.slotway.config.ConfigException;
import io.slotway.config.SlotwayConfig;
import io.slotway.metrics.InflightRequest;
import io.slotway.metrics.counters.Counters;
import io.slotway.metrics.SlowLog;
import io.slotway.upstream.Shard;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/** The admin API's window onto a running {@link SlotwayServer}. */
final class OperatorView implements AdminApi {

    private static final Executor RELOADER = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "slotway-reload");
        thread.setDaemon(true);
        return thread;
    });

    private final SlotwayServer server;

    OperatorView(SlotwayServer server) {
        this.server = server;
    }

    @Override
    public String version() {
        // The jar's manifest names one version for every package in it.
        String version = OperatorView.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** Off the admin loop: a reload probes new nodes, which may take seconds. Reloads run one at a time anyway. */
    @Override
    public CompletableFuture<ReloadOutcome> reload() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new ReloadOutcome(true, List.of(server.reloadFromFile()));
            } catch (ConfigException e) {
                return new ReloadOutcome(false, e.problems());
            }
        }, RELOADER);
    }

    @Override
    public SlotwayConfig config() {
        return server.config();
    }

    @Override
    public Counters metrics() {
        return server.counters();
    }

    @Override
    public SlowLog slowLog() {
        return server.telemetry().slowLog();
    }

    @Override
    public List<Upstream> upstreams() {
        return server.upstreams();
    }

    @Override
    public boolean isDraining() {
        return server.isDraining();
    }

    /** Ready: listening, not draining, and every shard of every upstream has a primary that can be reached. */
    @Override
    public List<String> notReadyReasons() {
        List<String> reasons = new ArrayList<>();
        if (server.isDraining()) {
            reasons.add("draining");
        }
        for (Upstream upstream : server.upstreams()) {
            upstream.coverageProblems().forEach(problem -> reasons.add("upstream " + upstream.name() + ": "
                    + problem));
            for (Shard shard : upstream.topology().shards()) {
                UpstreamNode primary = shard.primary();
                if (primary.isDown()) {
                    reasons.add("upstream " + upstream.name() + " shard " + shard.index() + ": primary " + primary
                            + " is down (" + primary.health().lastFailure() + ")");
                }
            }
        }
        return reasons;
    }

    @Override
    public CompletableFuture<List<InflightRequest>> inflight() {
        return server.inflight();
    }

    @Override
    public void drain() {
        server.beginDrain();
    }
}
