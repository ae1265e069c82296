package io.slotway.upstream;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetSocketAddressResolver;
import io.netty.resolver.SimpleNameResolver;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Resolves upstream host names (configured nodes, and the hostnames a cluster announces in its slot map and in
 * MOVED/ASK) off the event loops: a small pool of daemon threads asks the system resolver, so /etc/hosts and
 * nsswitch apply as they do for redis-cli, and each answer (or failure) is kept in a bounded cache for a TTL. An
 * event loop never waits on DNS: a cached name connects at once, any other once its lookup ends. Literal addresses
 * are never looked up. Netty's default resolver would block the loop that connects.
 */
public final class HostResolver extends AddressResolverGroup<InetSocketAddress> {

    /** How a name becomes an address; the system resolver's, but a test may slow it down. */
    @FunctionalInterface
    public interface Lookup {
        InetAddress lookup(String host) throws UnknownHostException;
    }

    /** Past it a lookup fails: the system resolver's own retries can otherwise take far longer. */
    private static final long LOOKUP_TIMEOUT_SECONDS = 10;

    private final Lookup lookup;
    private final long ttlNanos;
    private final long failureTtlNanos;
    private final int maxEntries;
    private final ThreadPoolExecutor lookups;
    /** Access-ordered: past {@code maxEntries} the least recently used name goes. Guarded by itself. */
    private final Map<String, Entry> cache;
    private final Map<String, CompletableFuture<InetAddress>> inFlight = new ConcurrentHashMap<>();

    private record Entry(InetAddress address, UnknownHostException failure, long expiresNanos) {
    }

    public HostResolver(Duration ttl, int maxEntries) {
        this(InetAddress::getByName, ttl, maxEntries);
    }

    /** Failures are kept for a tenth of {@code ttl} (at least a second): a name that comes back is soon seen. */
    public HostResolver(Lookup lookup, Duration ttl, int maxEntries) {
        this.lookup = lookup;
        this.ttlNanos = ttl.toNanos();
        this.failureTtlNanos = Math.max(TimeUnit.SECONDS.toNanos(1), ttlNanos / 10);
        this.maxEntries = maxEntries;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > HostResolver.this.maxEntries;
            }
        };
        // Two lookups at a time, a bounded queue behind them: a flood of new names fails fast instead of piling up.
        this.lookups = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1024),
                runnable -> {
                    Thread thread = new Thread(runnable, "slotway-dns");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        return new InetSocketAddressResolver(executor, new Names(executor));
    }

    /** Stops the lookup threads; names still being looked up fail. */
    @Override
    public void close() {
        super.close();
        lookups.shutdownNow();
        inFlight.values().forEach(lookup -> lookup.completeExceptionally(new UnknownHostException("shut down")));
    }

    /** How many names the cache holds now. */
    public int cached() {
        synchronized (cache) {
            return cache.size();
        }
    }

    private Entry cachedEntry(String host) {
        synchronized (cache) {
            Entry entry = cache.get(host);
            if (entry != null && entry.expiresNanos() - System.nanoTime() <= 0) {
                cache.remove(host);
                return null;
            }
            return entry;
        }
    }

    private void remember(String host, InetAddress address, UnknownHostException failure) {
        long expires = System.nanoTime() + (failure == null ? ttlNanos : failureTtlNanos);
        synchronized (cache) {
            cache.put(host, new Entry(address, failure, expires));
        }
    }

    /**
     * The lookup of {@code host}: the one under way if there is one (every loop connecting to a new node asks at
     * once), bounded in time, so a resolver that never answers fails the connect instead of leaving it waiting.
     */
    private CompletableFuture<InetAddress> lookup(String host) {
        CompletableFuture<InetAddress> result = new CompletableFuture<>();
        CompletableFuture<InetAddress> underWay = inFlight.putIfAbsent(host, result);
        if (underWay != null) {
            return underWay;
        }
        try {
            lookups.execute(() -> {
                try {
                    InetAddress address = lookup.lookup(host);
                    remember(host, address, null);
                    result.complete(address);
                } catch (UnknownHostException e) {
                    remember(host, null, e);
                    result.completeExceptionally(e);
                } catch (RuntimeException e) {
                    result.completeExceptionally(new UnknownHostException(host + ": " + e));
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new UnknownHostException(host + ": too many names being looked up"));
        }
        result.orTimeout(LOOKUP_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .whenComplete((address, failure) -> inFlight.remove(host, result));
        return result;
    }

    private final class Names extends SimpleNameResolver<InetAddress> {

        Names(EventExecutor executor) {
            super(executor);
        }

        @Override
        protected void doResolve(String host, Promise<InetAddress> promise) {
            byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
            if (literal != null) {
                try {
                    promise.setSuccess(InetAddress.getByAddress(host, literal));
                } catch (UnknownHostException e) {
                    promise.setFailure(e);
                }
                return;
            }
            Entry entry = cachedEntry(host);
            if (entry != null) {
                complete(promise, entry.address(), entry.failure());
                return;
            }
            lookup(host).whenComplete((address, failure) -> {
                if (failure == null) {
                    promise.trySuccess(address);
                } else {
                    promise.tryFailure(failure);
                }
            });
        }

        @Override
        protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
            Promise<InetAddress> one = executor().newPromise();
            one.addListener(done -> {
                if (done.isSuccess()) {
                    promise.trySuccess(List.of(one.getNow()));
                } else {
                    promise.tryFailure(done.cause());
                }
            });
            doResolve(host, one);
        }

        private void complete(Promise<InetAddress> promise, InetAddress address, UnknownHostException failure) {
            if (failure != null) {
                promise.tryFailure(failure);
            } else {
                promise.trySuccess(address);
            }
        }
    }
}
