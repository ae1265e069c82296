package io.slotway.upstream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * PINGs every upstream node once per interval, on a thread of its own over one connection per node kept between
 * checks, and marks each node up or down. Readiness and read-policy fallbacks thus see a node die while no client
 * request goes to it, and see it come back, without waiting for traffic. Each check is bounded by the node's
 * connect timeout; a round visits each node once.
 */
public final class HealthChecker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HealthChecker.class);

    private final List<Upstream> upstreams;
    /** Only touched by the checker thread. */
    private final Map<UpstreamNode, BlockingRedis> connections = new HashMap<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread checker = new Thread(runnable, "slotway-health");
        checker.setDaemon(true);
        return checker;
    });

    /** Set by {@link #close()}; a round in progress stops at the next node and closes its own connections. */
    private volatile boolean closed;

    private HealthChecker(List<Upstream> upstreams) {
        this.upstreams = upstreams;
    }

    /** Checks at once, then every {@code interval} after the previous round ends. */
    public static HealthChecker start(List<Upstream> upstreams, Duration interval) {
        HealthChecker checker = new HealthChecker(upstreams);
        checker.thread.scheduleWithFixedDelay(checker::checkAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return checker;
    }

    private void checkAll() {
        Set<UpstreamNode> checked = new LinkedHashSet<>();
        try {
            // Bounded by the nodes the upstreams know, each checked once per round.
            for (Upstream upstream : upstreams) {
                for (UpstreamNode node : upstream.nodes()) {
                    if (closed) {
                        return;
                    }
                    if (checked.add(node)) {
                        boolean reachable = check(node);
                        if (!closed) {
                            upstream.healthChecked(node, reachable);
                        }
                    }
                }
            }
        } finally {
            if (closed) {
                // Only this thread touches the connections, so it closes them, not the caller of close().
                closeConnections();
            }
        }
    }

    private void closeConnections() {
        connections.values().forEach(HealthChecker::closeQuietly);
        connections.clear();
    }

    private boolean check(UpstreamNode node) {
        BlockingRedis redis = connections.get(node);
        try {
            if (redis == null) {
                redis = NodeProbe.login(node, node.connectTimeout());
                connections.put(node, redis);
            }
            Object reply = redis.call("PING");
            if (reply instanceof BlockingRedis.ErrorReply error) {
                // LOADING, MASTERDOWN and the like: the node answers but cannot serve.
                throw new IOException(error.message());
            }
            if (node.health().markUp()) {
                log.info("upstream {} node {}: reachable again (health check)", node.upstream(), node);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            connections.remove(node);
            closeQuietly(redis);
            String cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (node.health().markDown("health check: " + cause)) {
                log.warn("upstream {} node {}: health check failed: {}", node.upstream(), node, cause);
            }
            return false;
        }
    }

    private static void closeQuietly(BlockingRedis redis) {
        if (redis != null) {
            try {
                redis.close();
            } catch (IOException ignored) {
                // Already broken; nothing to tell.
            }
        }
    }

    /**
     * Stops the checks. A round blocked on a slow node may outlast the wait here: it then stops at its next node
     * and closes the connections itself, and reports nothing more, so an old checker never marks a node down.
     */
    @Override
    public void close() {
        closed = true;
        thread.shutdownNow();
        boolean finished = false;
        try {
            finished = thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (finished) {
            closeConnections();
        }
    }
}
