package io.slotway.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.slotway.admin.AdminServer;
import io.slotway.command.CommandTable;
import io.slotway.config.ConfigException;
import io.slotway.config.ConfigLoader;
import io.slotway.config.HostAndPort;
import io.slotway.config.ServerTlsConfig;
import io.slotway.config.SlotwayConfig;
import io.slotway.loop.LoopServices;
import io.slotway.metrics.InflightRequest;
import io.slotway.metrics.Metrics;
import io.slotway.metrics.SlowLog;
import io.slotway.metrics.Telemetry;
import io.slotway.protocol.Replies;
import io.slotway.route.Routes;
import io.slotway.tls.ServerTls;
import io.slotway.tls.TlsSetupException;
import io.slotway.upstream.HealthChecker;
import io.slotway.upstream.LoopPools;
import io.slotway.upstream.NodeProbe;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;
import io.slotway.upstream.cluster.ClusterUpstream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Starts Slotway for one config, and drains and stops it. */
public final class SlotwayServer {

    private static final Logger log = LoggerFactory.getLogger(SlotwayServer.class);

    private static final long REFUSAL_LOG_GAP_NANOS = TimeUnit.SECONDS.toNanos(10);
    /**
     * The pooled allocator rather than Netty 4.2's adaptive default: its slices and duplicates are themselves
     * pooled, and the hot path cuts a slice per command and per reply, so forwarding allocates nothing.
     */
    private static final ByteBufAllocator BUFFERS = PooledByteBufAllocator.DEFAULT;

    private final SlotwayConfig initialConfig;
    private final Path configFile;
    private final Transport transport = Transport.best();
    private final Map<EventLoop, Worker> workers = new IdentityHashMap<>();
    private final ChannelGroup clients = new DefaultChannelGroup("clients", GlobalEventExecutor.INSTANCE);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final GenerationBuilder generations = new GenerationBuilder(CommandTable.standard());
    private EventLoopGroup acceptors;
    private EventLoopGroup loops;
    private Channel listener;
    private Channel tlsListener;
    /** The config generation being served; replaced whole by a reload. */
    private volatile Generation current;
    private volatile Map<String, Upstream> upstreams = Map.of();
    private Metrics metrics;
    private Telemetry telemetry;
    private ScheduledExecutorService sampler;
    private AdminServer admin;
    private volatile HealthChecker health;
    private volatile boolean draining;
    private final AtomicLong lastRefusalLog = new AtomicLong(System.nanoTime() - REFUSAL_LOG_GAP_NANOS - 1);

    public SlotwayServer(SlotwayConfig config) {
        this(config, null);
    }

    /** {@code configFile}, when given, is read again by {@link #reloadFromFile()} (SIGHUP, POST /reload). */
    public SlotwayServer(SlotwayConfig config, Path configFile) {
        this.initialConfig = config;
        this.configFile = configFile;
    }

    /** Probes the upstreams, then binds the listener. Refuses to start when a node is not what the config says. */
    public synchronized SlotwayServer start() throws StartupException {
        SlotwayConfig config = initialConfig;
        GenerationBuilder.Built built;
        try {
            built = generations.build(1, config, Map.of(), null);
        } catch (TlsSetupException | NodeProbe.ModeMismatchException e) {
            throw new StartupException(e.getMessage());
        }
        current = built.generation();
        upstreams = built.upstreams().byName();
        List<Upstream> all = current.facts().routes().upstreams();
        metrics = new Metrics(all.stream().map(Upstream::name).toList());
        telemetry = new Telemetry(metrics,
                new SlowLog(config.monitoring().slowThreshold().toNanos(), config.monitoring().slowlogSize()),
                config.monitoring().longRunningThreshold().toNanos());
        startClusters(all);
        health = startHealthChecks(config, all);
        ServerTls serverTls = current.tls();
        Routes routes = current.facts().routes();

        int threads = config.eventLoopThreads() > 0 ? config.eventLoopThreads()
                : Runtime.getRuntime().availableProcessors();
        acceptors = transport.group(1, "slotway-accept");
        loops = transport.group(threads, "slotway-io");
        Bootstrap upstreamBootstrap = new Bootstrap()
                .channel(transport.socketChannel())
                .option(ChannelOption.ALLOCATOR, BUFFERS)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true);
        for (EventExecutor executor : loops) {
            EventLoop loop = (EventLoop) executor;
            LoopServices services = LoopServices.create(loop);
            Worker worker = new Worker(services, new LoopPools(upstreamBootstrap, services, metrics), current,
                    telemetry);
            workers.put(loop, worker);
            worker.startSweeps();
        }
        sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "slotway-metrics");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleAtFixedRate(metrics::sample, 1, 1, TimeUnit.SECONDS);

        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptors, loops)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.ALLOCATOR, BUFFERS)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ClientPipeline(this, false));
        Optional<HostAndPort> tlsListen = config.tls().flatMap(ServerTlsConfig::listen);
        try {
            listener = bootstrap.bind(config.listen().host(), config.listen().port()).syncUninterruptibly().channel();
            if (tlsListen.isPresent()) {
                tlsListener = bootstrap.clone().childHandler(new ClientPipeline(this, true))
                        .bind(tlsListen.get().host(), tlsListen.get().port()).syncUninterruptibly().channel();
            }
        } catch (Exception e) {
            if (listener != null) {
                listener.close().syncUninterruptibly();
            }
            shutdownGroups();
            closeHealthChecks();
            throw new StartupException("cannot listen on " + (listener == null ? config.listen() : tlsListen.get())
                    + ": " + e.getMessage());
        }
        if (config.admin().isPresent()) {
            try {
                admin = AdminServer.start(config.admin().get(), new OperatorView(this));
            } catch (Exception e) {
                listener.close().syncUninterruptibly();
                shutdownGroups();
                closeHealthChecks();
                throw new StartupException("cannot listen for admin on " + config.admin().get().listen() + ": "
                        + e.getMessage());
            }
            log.info("admin API on http://{}:{}/", config.admin().get().listen().host(), admin.port());
        }
        log.info("Slotway listening on {}{} ({} event loops, {}), default route -> upstream {}",
                listener.localAddress(), listenerDescription(serverTls), threads, transport.name(),
                routes.defaultUpstream().name());
        return this;
    }

    private String listenerDescription(ServerTls serverTls) {
        if (serverTls == null) {
            return "";
        }
        return tlsListener == null ? " with TLS (" + serverTls.provider() + ")"
                : " and with TLS on " + tlsListener.localAddress() + " (" + serverTls.provider() + ")";
    }

    private void startClusters(List<Upstream> started) {
        for (Upstream upstream : started) {
            if (upstream instanceof ClusterUpstream cluster) {
                cluster.start(metrics.upstream(cluster.name()));
            }
        }
    }

    private static HealthChecker startHealthChecks(SlotwayConfig config, List<Upstream> upstreams) {
        Duration interval = config.monitoring().healthCheckInterval();
        return interval.isZero() ? null : HealthChecker.start(upstreams, interval);
    }

    /**
     * Applies {@code next} without dropping a client: routes, upstreams and their nodes, limits, auth, command
     * policy and the listener's certificate. Unchanged upstreams keep their connections; replaced ones are closed
     * once their last requests are past every deadline. Refused whole, with every reason, when {@code next}
     * changes a restart-only setting, names an unusable certificate or points an upstream at the wrong kind of
     * node; the running config then stays. One reload at a time.
     */
    public synchronized String reload(SlotwayConfig next) throws ConfigException {
        refuseBeforeStart();
        try {
            String summary = apply(next);
            metrics.reloaded(true);
            log.info("config reloaded, {}", summary);
            return summary;
        } catch (ConfigException e) {
            metrics.reloaded(false);
            log.warn("config reload refused, the running config stays: {}", String.join("; ", e.problems()));
            throw e;
        }
    }

    /** Reads the config file again and applies it as {@link #reload} does; an invalid file changes nothing. */
    public synchronized String reloadFromFile() throws ConfigException {
        refuseBeforeStart();
        if (configFile == null) {
            throw new ConfigException(List.of("no config file to read: this Slotway was given its config directly"));
        }
        SlotwayConfig next;
        try {
            next = ConfigLoader.load(configFile);
        } catch (ConfigException e) {
            metrics.reloaded(false);
            log.warn("config reload refused, the running config stays: {}", String.join("; ", e.problems()));
            throw e;
        }
        return reload(next);
    }

    private void refuseBeforeStart() throws ConfigException {
        if (current == null) {
            log.warn("config reload refused: Slotway has not started yet");
            throw new ConfigException(List.of("not started yet"));
        }
    }

    private String apply(SlotwayConfig next) throws ConfigException {
        Generation running = current;
        if (draining) {
            throw new ConfigException(List.of("draining: a stopping Slotway takes no new config"));
        }
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
        if (draining) {
            // A stop began while new nodes were probed: start nothing the stop would not see.
            throw new ConfigException(List.of("draining: a stopping Slotway takes no new config"));
        }
        startClusters(upstreamSet.fresh());
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
        health = startHealthChecks(next, generation.facts().routes().upstreams());
        retired.forEach(this::retireLater);
        return "generation " + generation.number() + ": " + upstreamSet.fresh().size()
                + " upstream(s) new or changed, " + retired.size() + " retired, "
                + (upstreamSet.byName().size() - upstreamSet.fresh().size()) + " unchanged";
    }

    /**
     * Closes a retired upstream's connections on every loop once twice its longest deadline has passed: by then
     * each request sent to it has been answered or has failed.
     */
    private void retireLater(Upstream upstream) {
        long graceNanos = 2 * Math.max(upstream.config().timeouts().commandNanos(),
                upstream.config().timeouts().fanoutNanos());
        loops.next().schedule(() -> {
            if (upstream instanceof ClusterUpstream cluster) {
                cluster.stop();
            }
            // Read now, once it has stopped: a cluster may have found more nodes during the grace.
            List<UpstreamNode> nodes = List.copyOf(upstream.nodes());
            workers.forEach((loop, worker) -> loop.execute(() -> worker.retire(nodes)));
            // Its series leave /metrics once nothing records into them, unless a new upstream took the name.
            if (!upstreams.containsKey(upstream.name())) {
                metrics.upstreamRemoved(upstream.name());
            }
        }, graceNanos, TimeUnit.NANOSECONDS);
    }

    Worker worker(EventLoop loop) {
        return workers.get(loop);
    }

    /** Counts a new client in, or refuses it past {@code limits.max_clients}; false when refused. */
    boolean admit(Channel channel) {
        int maxClients = current.config().limits().maxClients();
        if (clients.size() >= maxClients) {
            refuse(channel, maxClients);
            return false;
        }
        clients.add(channel);
        return true;
    }

    /** Past {@code limits.max_clients}: Redis's own error, then the connection closes. */
    private void refuse(Channel channel, int maxClients) {
        metrics.clientRejected();
        long now = System.nanoTime();
        long last = lastRefusalLog.get();
        // A connection storm must not become a log storm: one line per 10 s, the counter has the rest.
        if (now - last > REFUSAL_LOG_GAP_NANOS && lastRefusalLog.compareAndSet(last, now)) {
            log.warn("refusing clients: limits.max_clients ({}) reached (latest: {})", maxClients,
                    channel.remoteAddress());
        }
        channel.writeAndFlush(Replies.error(channel.alloc(), "ERR max number of clients reached"))
                .addListener(ChannelFutureListener.CLOSE);
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** The TLS listener's port when {@code tls.listen} is set; -1 otherwise. */
    public int tlsPort() {
        return tlsListener == null ? -1 : ((InetSocketAddress) tlsListener.localAddress()).getPort();
    }

    public int openClients() {
        return clients.size();
    }

    /** The admin API's port; -1 when it is off. */
    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    /** The config being served (the last one a reload applied). */
    public SlotwayConfig config() {
        Generation serving = current;
        return serving == null ? initialConfig : serving.config();
    }

    Telemetry telemetry() {
        return telemetry;
    }

    List<Upstream> upstreams() {
        return List.copyOf(upstreams.values());
    }

    boolean isDraining() {
        return draining;
    }

    /** Requests past the long-running threshold on every event loop. */
    CompletableFuture<List<InflightRequest>> inflight() {
        List<CompletableFuture<List<InflightRequest>>> perLoop = new ArrayList<>();
        workers.forEach((loop, worker) -> perLoop.add(CompletableFuture.supplyAsync(worker::inflight, loop)));
        return CompletableFuture.allOf(perLoop.toArray(new CompletableFuture[0])).thenApply(done -> {
            List<InflightRequest> all = new ArrayList<>();
            perLoop.forEach(future -> all.addAll(future.join()));
            return all;
        });
    }

    /**
     * Starts draining without stopping (SIGTERM's first half, and {@code POST /drain}): no new clients, and each
     * current client is closed once every reply it is owed is written. Readiness turns false. Idempotent.
     */
    public void beginDrain() {
        if (draining || listener == null) {
            return;
        }
        draining = true;
        log.info("draining {} client connection(s)", clients.size());
        listener.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        if (tlsListener != null) {
            tlsListener.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
        workers.forEach((loop, worker) -> loop.execute(() -> List.copyOf(worker.sessions())
                .forEach(ClientSession::drain)));
    }

    /**
     * Graceful stop: stop accepting, let every client's outstanding requests finish (each has its own deadline),
     * close clients as they become idle, and after {@code timeout} close whatever is left. Idempotent.
     */
    public void drainAndStop(Duration timeout) {
        if (listener == null || stopped.getCount() == 0) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        log.info("stopping: up to {} ms for {} client connection(s) to finish", timeout.toMillis(), clients.size());
        beginDrain();
        // Bounded by the drain deadline.
        while (!clients.isEmpty() && System.nanoTime() - deadline < 0) {
            sleep(10);
        }
        if (!clients.isEmpty()) {
            log.warn("drain deadline passed with {} client(s) still busy; closing them", clients.size());
        }
        clients.close().awaitUninterruptibly(500, TimeUnit.MILLISECONDS);
        workers.forEach((loop, worker) -> loop.execute(() -> worker.pools().shutdown()));
        shutdownGroups();
        if (admin != null) {
            admin.close();
        }
        if (sampler != null) {
            sampler.shutdownNow();
        }
        // After any reload under way has finished, so what it started is stopped too.
        synchronized (this) {
            closeHealthChecks();
            upstreams.values().forEach(upstream -> {
                if (upstream instanceof ClusterUpstream cluster) {
                    cluster.stop();
                }
            });
        }
        stopped.countDown();
        log.info("stopped");
    }

    private void closeHealthChecks() {
        if (health != null) {
            health.close();
        }
    }

    private void shutdownGroups() {
        List<io.netty.util.concurrent.Future<?>> terminations = new ArrayList<>();
        for (EventLoopGroup group : new EventLoopGroup[] {acceptors, loops}) {
            if (group != null) {
                terminations.add(group.shutdownGracefully(0, 500, TimeUnit.MILLISECONDS));
            }
        }
        terminations.forEach(future -> future.awaitUninterruptibly(1, TimeUnit.SECONDS));
    }

    /** Blocks until {@link #drainAndStop} has finished. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Slotway cannot start with this config against these nodes; the message says why. */
    public static final class StartupException extends Exception {
        public StartupException(String message) {
            super(message, null, false, false);
        }
    }
}
