package io.slotway.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.slotway.admin.AdminServer;
import io.slotway.command.CommandTable;
import io.slotway.config.SlotwayConfig;
import io.slotway.config.UpstreamConfig;
import io.slotway.loop.LoopServices;
import io.slotway.metrics.InflightRequest;
import io.slotway.metrics.Metrics;
import io.slotway.metrics.SlowLog;
import io.slotway.metrics.Telemetry;
import io.slotway.protocol.Limits;
import io.slotway.protocol.Replies;
import io.slotway.protocol.RequestDecoder;
import io.slotway.route.Routes;
import io.slotway.upstream.HealthChecker;
import io.slotway.upstream.LoopPools;
import io.slotway.upstream.NodeProbe;
import io.slotway.config.UpstreamMode;
import io.slotway.upstream.ShardedUpstream;
import io.slotway.upstream.cluster.ClusterUpstream;
import io.slotway.upstream.StandaloneUpstream;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Starts Slotway for one config, and drains and stops it. */
public final class SlotwayServer {

    private static final Logger log = LoggerFactory.getLogger(SlotwayServer.class);

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final long REFUSAL_LOG_GAP_NANOS = TimeUnit.SECONDS.toNanos(10);
    /**
     * The pooled allocator rather than Netty 4.2's adaptive default: its slices and duplicates are themselves
     * pooled, and the hot path cuts a slice per command and per reply, so forwarding allocates nothing.
     */
    private static final ByteBufAllocator BUFFERS = PooledByteBufAllocator.DEFAULT;

    private final SlotwayConfig config;
    private final Transport transport = Transport.best();
    private final Map<EventLoop, Worker> workers = new IdentityHashMap<>();
    private final ChannelGroup clients = new DefaultChannelGroup("clients", GlobalEventExecutor.INSTANCE);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private EventLoopGroup acceptors;
    private EventLoopGroup loops;
    private Channel listener;
    private List<Upstream> upstreams = List.of();
    private Telemetry telemetry;
    private ScheduledExecutorService sampler;
    private AdminServer admin;
    private HealthChecker health;
    private volatile boolean draining;
    private final AtomicLong lastRefusalLog = new AtomicLong(System.nanoTime() - REFUSAL_LOG_GAP_NANOS - 1);

    public SlotwayServer(SlotwayConfig config) {
        this.config = config;
    }

    /** Probes the upstreams, then binds the listener. Refuses to start when a node is not what the config says. */
    public SlotwayServer start() throws StartupException {
        Map<String, Upstream> upstreams = new LinkedHashMap<>();
        for (UpstreamConfig upstream : config.upstreams().values()) {
            upstreams.put(upstream.name(), switch (upstream.mode()) {
                case SHARDED -> new ShardedUpstream(upstream);
                case CLUSTER -> new ClusterUpstream(upstream);
                case STANDALONE -> new StandaloneUpstream(upstream);
            });
        }
        Routes routes = new Routes(upstreams.get(config.routes().defaultUpstream()),
                new ArrayList<>(upstreams.values()));
        this.upstreams = routes.upstreams();
        ServerFacts facts = probe(routes);
        Metrics metrics = new Metrics(routes.upstreams().stream().map(Upstream::name).toList());
        telemetry = new Telemetry(metrics,
                new SlowLog(config.monitoring().slowThreshold().toNanos(), config.monitoring().slowlogSize()),
                config.monitoring().longRunningThreshold().toNanos());
        for (Upstream upstream : routes.upstreams()) {
            if (upstream instanceof ClusterUpstream cluster) {
                cluster.start(metrics.upstream(cluster.name()));
            }
        }
        if (!config.monitoring().healthCheckInterval().isZero()) {
            health = HealthChecker.start(routes.upstreams(), config.monitoring().healthCheckInterval());
        }
        CommandTable table = CommandTable.standard();
        Authenticator authenticator = config.auth().map(auth -> new Authenticator(auth, table)).orElse(null);
        CommandDispatcher dispatcher = new CommandDispatcher(table, routes, config.commands(), authenticator);
        Settings settings = new Settings(config.limits().maxPendingRequests(),
                config.limits().maxFanoutReplyBytes(), config.limits().clientOutputBuffer());
        Limits limits = new Limits(config.limits().maxBulkLength(), config.limits().maxArrayLength(),
                config.limits().maxInlineLength());

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
            Worker worker = new Worker(services, new LoopPools(upstreamBootstrap, services, metrics), facts,
                    settings, telemetry, authenticator);
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
                // Past the high mark of unwritten replies a client is not read from until it drops below the low one.
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                        config.limits().maxPendingReplyBytes() / 2, config.limits().maxPendingReplyBytes()))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (clients.size() >= config.limits().maxClients()) {
                            refuse(ch, metrics);
                            return;
                        }
                        clients.add(ch);
                        Worker worker = workers.get(ch.eventLoop());
                        long idleNanos = config.limits().clientIdleTimeout().toNanos();
                        if (idleNanos > 0) {
                            ch.pipeline().addLast(new IdleStateHandler(0, 0, idleNanos, TimeUnit.NANOSECONDS));
                        }
                        ch.pipeline().addLast(new RequestDecoder(limits), new ClientSession(worker, dispatcher));
                    }
                });
        try {
            listener = bootstrap.bind(config.listen().host(), config.listen().port()).syncUninterruptibly().channel();
        } catch (Exception e) {
            shutdownGroups();
            closeHealthChecks();
            throw new StartupException("cannot listen on " + config.listen() + ": " + e.getMessage());
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
        log.info("Slotway listening on {} ({} event loops, {}), default route -> upstream {}",
                listener.localAddress(), threads, transport.name(), routes.defaultUpstream().name());
        return this;
    }

    /** Past {@code limits.max_clients}: Redis's own error, then the connection closes. */
    private void refuse(Channel channel, Metrics metrics) {
        metrics.clientRejected();
        long now = System.nanoTime();
        long last = lastRefusalLog.get();
        // A connection storm must not become a log storm: one line per 10 s, the counter has the rest.
        if (now - last > REFUSAL_LOG_GAP_NANOS && lastRefusalLog.compareAndSet(last, now)) {
            log.warn("refusing clients: limits.max_clients ({}) reached (latest: {})", config.limits().maxClients(),
                    channel.remoteAddress());
        }
        channel.writeAndFlush(Replies.error(channel.alloc(), "ERR max number of clients reached"))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private ServerFacts probe(Routes routes) throws StartupException {
        String version = "7.0.0";
        int databases = 16;
        for (Upstream upstream : routes.upstreams()) {
            for (UpstreamNode node : upstream.nodes()) {
                try {
                    NodeProbe.NodeFacts facts = NodeProbe.probe(node, probeTimeout(upstream));
                    NodeProbe.checkMode(node, upstream.config().mode(), facts);
                    if (upstream == routes.defaultUpstream()) {
                        version = facts.version();
                        databases = facts.databases();
                    }
                    log.info("upstream {} node {}: Redis {}, {}", upstream.name(), node, facts.version(),
                            facts.clusterEnabled() ? "cluster" : "standalone");
                } catch (NodeProbe.ModeMismatchException e) {
                    throw new StartupException(e.getMessage());
                } catch (IOException e) {
                    // A node that is down now may be up soon; requests fail clearly until it is.
                    log.warn("upstream {} node {}: not reachable at start ({}); will keep trying",
                            upstream.name(), node, e.getMessage());
                }
            }
        }
        return new ServerFacts(routes, version, databases);
    }

    /** A node that accepts connections but never answers must not hold up the start for long. */
    private static Duration probeTimeout(Upstream upstream) {
        Duration command = upstream.config().timeouts().command();
        return command.compareTo(PROBE_TIMEOUT) < 0 ? command : PROBE_TIMEOUT;
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    public int openClients() {
        return clients.size();
    }

    /** The admin API's port; -1 when it is off. */
    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    SlotwayConfig config() {
        return config;
    }

    Telemetry telemetry() {
        return telemetry;
    }

    List<Upstream> upstreams() {
        return upstreams;
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
        closeHealthChecks();
        upstreams.forEach(upstream -> {
            if (upstream instanceof ClusterUpstream cluster) {
                cluster.stop();
            }
        });
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
