package io.slotway.server;

import io.slotway.command.CommandSpec;
import io.slotway.generation.Generation;
import io.slotway.loop.LoopServices;
import io.slotway.metrics.CommandMetrics;
import io.slotway.metrics.InflightRequest;
import io.slotway.metrics.Metrics;
import io.slotway.metrics.SlowLog;
import io.slotway.metrics.Telemetry;
import io.slotway.session.ClientLoop;
import io.slotway.session.ClientSession;
import io.slotway.session.LiveClients;
import io.slotway.session.LongRunningReport;
import io.slotway.session.Served;
import io.slotway.upstream.LoopPools;
import io.slotway.upstream.UpstreamNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Everything one event loop owns: its services, its upstream pools and its client sessions. */
final class Worker implements ClientLoop {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final LoopServices services;
    private final LoopPools pools;
    /** The config generation this loop serves; replaced on this loop by a reload. */
    private Generation generation;
    private final Set<ClientSession> sessions = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Telemetry telemetry;
    /** This loop's view of the shared per-command counters: a lookup without hashing a name. */
    private final Map<CommandSpec, CommandMetrics> commandMetrics = new IdentityHashMap<>();
    private final CommandMetrics unknownCommand;
    private int longRunning;

    Worker(LoopServices services, LoopPools pools, Generation generation, Telemetry telemetry) {
        this.services = services;
        this.pools = pools;
        this.generation = generation;
        this.telemetry = telemetry;
        this.unknownCommand = telemetry.metrics().command("unknown");
    }

    Generation generation() {
        return generation;
    }

    /**
     * Switches this loop to {@code next} (call on the loop): requests from now on are dispatched by it, and every
     * client's bounds follow it; requests already under way finish as they started.
     */
    void apply(Generation next) {
        generation = next;
        // Bounded by this loop's clients.
        for (ClientSession session : sessions) {
            try {
                if (session.channel() != null) {
                    ClientPipeline.reconfigure(session.channel(), next);
                }
                session.reconfigure(next);
            } catch (RuntimeException e) {
                // One client's pipeline must not keep the others on the old bounds.
                log.warn("client {}: could not apply the reloaded limits", session.address(), e);
            }
        }
    }

    /** After a reload: closes this loop's connections to nodes no generation uses any more. */
    void retire(Collection<UpstreamNode> nodes) {
        pools.retire(nodes);
    }

    @Override
    public LoopServices services() {
        return services;
    }

    @Override
    public LoopPools pools() {
        return pools;
    }

    @Override
    public Served served() {
        return generation;
    }

    Set<ClientSession> sessions() {
        return sessions;
    }

    @Override
    public void opened(ClientSession session) {
        sessions.add(session);
        LiveClients.connected(session);
    }

    @Override
    public boolean closed(ClientSession session) {
        LiveClients.disconnected(session);
        return sessions.remove(session);
    }

    @Override
    public Metrics metrics() {
        return telemetry.metrics();
    }

    @Override
    public SlowLog slowLog() {
        return telemetry.slowLog();
    }

    @Override
    public CommandMetrics commandMetrics(CommandSpec spec) {
        if (spec == null) {
            return unknownCommand;
        }
        CommandMetrics metrics = commandMetrics.get(spec);
        if (metrics == null) {
            metrics = telemetry.metrics().command(spec.name());
            commandMetrics.put(spec, metrics);
        }
        return metrics;
    }

    /** Sweeps for long-running requests four times a second, on this loop, until the loop stops. */
    void startSweeps() {
        services.loop().scheduleAtFixedRate(this::sweep, 250, 250, TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        long now = System.nanoTime();
        int count = 0;
        // Bounded by the sessions, and within each by its requests older than the threshold.
        for (ClientSession session : sessions) {
            count += LongRunningReport.sweep(session, now, telemetry.longRunningNanos());
        }
        telemetry.metrics().longRunningChanged(count - longRunning);
        longRunning = count;
    }

    /** This loop's requests in flight longer than the threshold (call on the loop). */
    List<InflightRequest> inflight() {
        long now = System.nanoTime();
        List<InflightRequest> found = new ArrayList<>();
        for (ClientSession session : sessions) {
            LongRunningReport.collect(session, now, telemetry.longRunningNanos(), found);
        }
        return found;
    }
}
