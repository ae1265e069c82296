package io.slotway.server;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.slotway.command.CommandTable;
import io.slotway.config.ConfigException;
import io.slotway.config.ConfigLoader;
import io.slotway.config.SlotwayConfig;
import io.slotway.generation.Generation;
import io.slotway.generation.GenerationBuilder;
import io.slotway.generation.RestartOnlySettings;
import io.slotway.generation.UpstreamSet;
import io.slotway.metrics.counters.Counters;
import io.slotway.tls.TlsSetupException;
import io.slotway.upstream.HealthChecker;
import io.slotway.upstream.NodeProbe;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What Slotway serves: the config generation, the upstreams it routes to and their health checks. The first
 * generation comes with the start; a reload builds the next beside it, switches every event loop to it, and retires
 * what it no longer uses. Changes happen one at a time; reads take no lock.
 */
final class Serving {

    private static final Logger log = LoggerFactory.getLogger(Serving.class);

    private final LoopClients clients = new LoopClients();
    private final GenerationBuilder generations = new GenerationBuilder(CommandTable.standard(), clients);
    private final Path configFile;
    private volatile Generation current;
    private volatile Map<String, Upstream> upstreams = Map.of();
    /** Set once a drain begins: a stopping Slotway takes no new config. */
    private volatile boolean closed;
    private HealthChecker health;
    private Counters metrics;
    private Map<EventLoop, Worker> workers = Map.of();
    private EventLoopGroup loops;

    /** {@code configFile}, when given, is what {@link #reloadFromFile()} reads. */
    Serving(Path configFile) {
        this.configFile = configFile;
    }

    /** Builds the first generation and starts its cluster refreshes and health checks. */
    synchronized Generation begin(SlotwayConfig config) throws TlsSetupException, NodeProbe.ModeMismatchException {
        GenerationBuilder.Built built = generations.build(1, config, Map.of(), null);
        current = built.generation();
        upstreams = built.upstreams().byName();
        List<Upstream> all = current.routes().upstreams();
        metrics = new Counters(all.stream().map(Upstream::name).toList());
        startUpstreams(all);
        health = startHealthChecks(config, all);
        return current;
    }

    /** The event loops now exist, each serving the first generation; reloads switch them from here on. */
    synchronized void attach(Map<EventLoop, Worker> workers, EventLoopGroup loops) {
        this.workers = workers;
        this.loops = loops;
        clients.attach(workers);
    }

    /** Null before {@link #begin}. */
    Generation current() {
        return current;
    }

    Counters metrics() {
        return metrics;
    }

    List<Upstream> upstreams() {
        return List.copyOf(upstreams.values());
    }

    /** A drain began: reloads are refused from now on. */
    void close() {
        closed = true;
    }

    /**
     * Applies {@code next} without dropping a client: routes, upstreams and their nodes, limits, auth, command
     * policy and the listener's certificate. Unchanged upstreams keep their connections; replaced ones are closed
     * once their last requests are past every deadline. Refused whole, with every reason, when {@code next}
     * changes a restart-only setting, names an unusable certificate or points an upstream at the wrong kind of
     * node; the running config then stays.
     */
    synchronized String reload(SlotwayConfig next) throws ConfigException {
        refuseBeforeStart();
        try {
            String summary = apply(next);
            metrics.reloaded(true);
            log.info("config reloaded, {}", summary);
            return summary;
        } catch (ConfigException e) {
            refused(e);
            throw e;
        }
    }

    /** Reads the config file again and applies it as {@link #reload} does; an invalid file changes nothing. */
    synchronized String reloadFromFile() throws ConfigException {
        refuseBeforeStart();
        if (configFile == null) {
            throw new ConfigException(List.of("no config file to read: this Slotway was given its config directly"));
        }
        SlotwayConfig next;
        try {
            next = ConfigLoader.load(configFile);
        } catch (ConfigException e) {
            refused(e);
            throw e;
        }
        return reload(next);
    }

    private void refused(ConfigException e) {
        metrics.reloaded(false);
        log.warn("config reload refused, the running config stays: {}", String.join("; ", e.problems()));
    }

    private void refuseBeforeStart() throws ConfigException {
        if (workers.isEmpty()) {
            log.warn("config reload refused: Slotway has not started yet");
            throw new ConfigException(List.of("not started yet"));
        }
    }

    private String apply(SlotwayConfig next) throws ConfigException {
        Generation running = current;
        refuseIfClosed();
        List<String> problems = RestartOnlySettings.changes(running.config(), next);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        GenerationBuilder.Built built;
        try {
            built = generations.build(running.number() + 1, next, upstreams, running.facts());
        } catch (TlsSetupException | NodeProbe.ModeMismatchException e) {
            throw new ConfigException(List.of(e.getMessage()));
        }
        UpstreamSet upstreamSet = built.upstreams();
        Generation generation = built.generation();
        // A stop may have begun while new nodes were probed: then start nothing the stop would not see.
        refuseIfClosed();
        startUpstreams(upstreamSet.fresh());
        List<CompletableFuture<Void>> applied = new ArrayList<>();
        workers.forEach((loop, worker) -> applied.add(CompletableFuture.runAsync(() -> worker.apply(generation),
                loop)));
        CompletableFuture.allOf(applied.toArray(new CompletableFuture[0])).orTimeout(5, TimeUnit.SECONDS)
                .exceptionally(error -> {
                    log.error("an event loop did not switch to generation {}", generation.number(), error);
                    return null;
                }).join();
        List<Upstream> retired = upstreamSet.retiredFrom(upstreams);
        current = generation;
        upstreams = upstreamSet.byName();
        // The old checker stops before the new one starts: two must never judge the same node at once.
        closeHealthChecks();
        health = startHealthChecks(next, generation.routes().upstreams());
        retired.forEach(this::retireLater);
        return "generation " + generation.number() + ": " + upstreamSet.fresh().size()
                + " upstream(s) new or changed, " + retired.size() + " retired, "
                + (upstreamSet.byName().size() - upstreamSet.fresh().size()) + " unchanged";
    }

    private void refuseIfClosed() throws ConfigException {
        if (closed) {
            throw new ConfigException(List.of("draining: a stopping Slotway takes no new config"));
        }
    }

    /**
     * Closes a retired upstream's connections on every loop once twice its longest deadline has passed: by then
     * each request sent to it has been answered or has failed.
     */
    private void retireLater(Upstream upstream) {
        long graceNanos = 2 * Math.max(upstream.config().timeouts().commandNanos(),
                upstream.config().timeouts().fanoutNanos());
        loops.next().schedule(() -> {
            upstream.stop();
            // Read now, once it has stopped: a cluster may have found more nodes during the grace.
            List<UpstreamNode> nodes = List.copyOf(upstream.nodes());
            workers.forEach((loop, worker) -> loop.execute(() -> worker.retire(nodes)));
            // Its series leave /metrics once nothing records into them, unless a new upstream took the name.
            if (!upstreams.containsKey(upstream.name())) {
                metrics.upstreamRemoved(upstream.name());
            }
        }, graceNanos, TimeUnit.NANOSECONDS);
    }

    private void startUpstreams(List<Upstream> started) {
        started.forEach(upstream -> upstream.start(metrics.upstream(upstream.name())));
    }

    private static HealthChecker startHealthChecks(SlotwayConfig config, List<Upstream> upstreams) {
        Duration interval = config.monitoring().healthCheckInterval();
        return interval.isZero() ? null : HealthChecker.start(upstreams, interval);
    }

    private void closeHealthChecks() {
        if (health != null) {
            health.close();
            health = null;
        }
    }

    /** Stops health checks and cluster refreshes, after any reload under way, so what it started stops too. */
    synchronized void stop() {
        closed = true;
        closeHealthChecks();
        upstreams.values().forEach(Upstream::stop);
    }
}
