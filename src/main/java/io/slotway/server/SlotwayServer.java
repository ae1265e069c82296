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
import io.slotway.config.ConfigException;
import io.slotway.config.HostAndPort;
import io.slotway.config.ServerTlsConfig;
import io.slotway.config.SlotwayConfig;
import io.slotway.generation.Generation;
import io.slotway.session.ClientSession;
import io.slotway.loop.LoopServices;
import io.slotway.metrics.InflightRequest;
import io.slotway.metrics.counters.Counters;
import io.slotway.metrics.SlowLog;
import io.slotway.metrics.Telemetry;
import io.slotway.protocol.Replies;
import io.slotway.tls.ServerTls;
import io.slotway.tls.TlsSetupException;
import io.slotway.upstream.HostResolver;
import io.slotway.upstream.LoopPools;
import io.slotway.upstream.NodeProbe;
import io.slotway.upstream.Upstream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
     * The pooled allocator rather than Netty 4.2's adaptive default: side by side, the adaptive one took a median
     * 2-3% less CPU per request over bench/compare.sh's rows, and about 15% more per pub/sub delivery (4 rounds).
     */
    private static final ByteBufAllocator BUFFERS = PooledByteBufAllocator.DEFAULT;

    private final SlotwayConfig initialConfig;
    private final Serving serving;
    private Transport transport;
    private final Map<EventLoop, Worker> workers = new IdentityHashMap<>();
    private final ChannelGroup clients = new DefaultChannelGroup("clients", GlobalEventExecutor.INSTANCE);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private EventLoopGroup acceptors;
    private EventLoopGroup loops;
    private Channel listener;
    private Channel tlsListener;
    private Counters metrics;
    private Telemetry telemetry;
    private ScheduledExecutorService sampler;
    /** Upstream host names, looked up off the event loops and cached (30 s, 4,096 names). */
    private final HostResolver hosts = new HostResolver(Duration.ofSeconds(30), 4096);
    private AdminServer admin;
    private volatile boolean draining;
    /** How long before the drain deadline clients still blocked are answered. */
    private static final long BLOCKED_ANSWER_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private final AtomicLong lastRefusalLog = new AtomicLong(System.nanoTime() - REFUSAL_LOG_GAP_NANOS - 1);

    public SlotwayServer(SlotwayConfig config) {
        this(config, null);
    }

    /** {@code configFile}, when given, is read again by {@link #reloadFromFile()} (SIGHUP, POST /reload). */
    public SlotwayServer(SlotwayConfig config, Path configFile) {
        this.initialConfig = config;
        this.serving = new Serving(configFile);
    }

    /** Probes the upstreams, then binds the listener. Refuses to start when a node is not what the config says. */
    public SlotwayServer start() throws StartupException {
        SlotwayConfig config = initialConfig;
        try {
            transport = Transport.of(config.transport());
        } catch (IllegalStateException e) {
            throw new StartupException(e.getMessage());
        }
        Generation first;
        try {
            first = serving.begin(config);
        } catch (TlsSetupException | NodeProbe.ModeMismatchException e) {
            throw new StartupException(e.getMessage());
        }
        metrics = serving.metrics();
        telemetry = new Telemetry(metrics,
                new SlowLog(config.monitoring().slowThreshold().toNanos(), config.monitoring().slowlogSize()),
                config.monitoring().longRunningThreshold().toNanos());

        int threads = config.eventLoopThreads() > 0 ? config.eventLoopThreads()
                : defaultEventLoops(Runtime.getRuntime().availableProcessors());
        acceptors = transport.group(1, "slotway-accept");
        loops = transport.group(threads, "slotway-io");
        Bootstrap upstreamBootstrap = new Bootstrap()
                .channel(transport.socketChannel())
                .resolver(hosts)
                .option(ChannelOption.ALLOCATOR, BUFFERS)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true);
        for (EventExecutor executor : loops) {
            EventLoop loop = (EventLoop) executor;
            LoopServices services = LoopServices.create(loop);
            Worker worker = new Worker(services, new LoopPools(upstreamBootstrap, services, metrics), first,
                    telemetry);
            workers.put(loop, worker);
            worker.startSweeps();
        }
        serving.attach(Collections.unmodifiableMap(workers), loops);
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
            serving.stop();
            throw new StartupException("cannot listen on " + (listener == null ? config.listen() : tlsListen.get())
                    + ": " + e.getMessage());
        }
        if (config.admin().isPresent()) {
            try {
                admin = AdminServer.start(config.admin().get(), new OperatorView(this));
            } catch (Exception e) {
                listener.close().syncUninterruptibly();
                shutdownGroups();
                serving.stop();
                throw new StartupException("cannot listen for admin on " + config.admin().get().listen() + ": "
                        + e.getMessage());
            }
            log.info("admin API on http://{}:{}/", config.admin().get().listen().host(), admin.port());
        }
        log.info("Slotway listening on {}{} ({} event loops, {}), default route -> upstream {}",
                listener.localAddress(), listenerDescription(first.tls()), threads, transport.name(),
                first.routes().home().upstream().name());
        return this;
    }

    /**
     * Half the cores, at least one: each loop's socket writes also carry the kernel's TCP work, and on 2 cores one
     * loop served 0.88-1.2x what two did (ahead at pipeline 1, behind on split MGETs) at up to 28% less CPU per
     * request (bench/RESULTS.md, issue 16).
     */
    static int defaultEventLoops(int cores) {
        return Math.max(1, cores / 2);
    }

    private String listenerDescription(ServerTls serverTls) {
        if (serverTls == null) {
            return "";
        }
        return tlsListener == null ? " with TLS (" + serverTls.provider() + ")"
                : " and with TLS on " + tlsListener.localAddress() + " (" + serverTls.provider() + ")";
    }

    /** See {@link Serving#reload}. */
    public String reload(SlotwayConfig next) throws ConfigException {
        return serving.reload(next);
    }

    /** See {@link Serving#reloadFromFile}. */
    public String reloadFromFile() throws ConfigException {
        return serving.reloadFromFile();
    }

    Worker worker(EventLoop loop) {
        return workers.get(loop);
    }

    /** Counts a new client in, or refuses it past {@code maxClients}; false when refused. */
    boolean admit(Channel channel, int maxClients) {
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
        Generation current = serving.current();
        return current == null ? initialConfig : current.config();
    }

    /** What every event loop counts into, as reports read it. */
    Counters counters() {
        return metrics;
    }

    Telemetry telemetry() {
        return telemetry;
    }

    List<Upstream> upstreams() {
        return serving.upstreams();
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
        serving.close();
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
        // Blocked clients (BLPOP q 0) would wait past any deadline: they are answered shortly before it, so their
        // error is written before the close, and their connections closed, so nothing is popped after it.
        long interruptAt = deadline - Math.min(BLOCKED_ANSWER_NANOS, timeout.toNanos() / 2);
        boolean interrupted = false;
        // Bounded by the drain deadline.
        while (!clients.isEmpty() && System.nanoTime() - deadline < 0) {
            if (!interrupted && System.nanoTime() - interruptAt >= 0) {
                interrupted = true;
                workers.forEach((loop, worker) -> loop.execute(() -> List.copyOf(worker.sessions())
                        .forEach(ClientSession::interruptBlocking)));
            }
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
        serving.stop();
        stopped.countDown();
        log.info("stopped");
    }

    private void shutdownGroups() {
        hosts.close();
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
