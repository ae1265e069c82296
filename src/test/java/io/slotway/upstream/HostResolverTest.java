package io.slotway.upstream;

import io.netty.channel.DefaultEventLoop;
import io.netty.resolver.AddressResolver;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Host names looked up off the event loop, through a bounded cache with a TTL. */
class HostResolverTest {

    private final DefaultEventLoop loop = new DefaultEventLoop();
    private final AtomicInteger lookups = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        loop.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS);
    }

    private InetAddress slowLookup(String host) throws UnknownHostException {
        lookups.incrementAndGet();
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (host.startsWith("missing")) {
            throw new UnknownHostException(host);
        }
        return InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1});
    }

    private static Future<InetSocketAddress> resolve(AddressResolver<InetSocketAddress> resolver, String host) {
        return resolver.resolve(InetSocketAddress.createUnresolved(host, 6379));
    }

    @Test
    void aSlowLookupNeverHoldsTheCallerAndItsAnswerIsCached() throws Exception {
        try (HostResolver hosts = new HostResolver(this::slowLookup, Duration.ofMinutes(1), 16)) {
            AddressResolver<InetSocketAddress> resolver = hosts.getResolver(loop);
            Future<InetSocketAddress> first = resolve(resolver, "redis-1.internal");
            // The caller got a future back while the lookup is still held.
            assertThat(first.isDone()).isFalse();
            release.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS).getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            Future<InetSocketAddress> again = resolve(resolver, "redis-1.internal");
            assertThat(again.get(5, TimeUnit.SECONDS).getPort()).isEqualTo(6379);
            assertThat(lookups.get()).isEqualTo(1);
        }
    }

    @Test
    void literalAddressesAreNeverLookedUp() throws Exception {
        try (HostResolver hosts = new HostResolver(this::slowLookup, Duration.ofMinutes(1), 16)) {
            Future<InetSocketAddress> literal = resolve(hosts.getResolver(loop), "10.1.2.3");
            assertThat(literal.get(5, TimeUnit.SECONDS).getAddress().getHostAddress()).isEqualTo("10.1.2.3");
            assertThat(lookups.get()).isZero();
        }
    }

    @Test
    void theCacheKeepsAtMostItsSizeAndForgetsAfterItsTtl() throws Exception {
        release.countDown();
        try (HostResolver hosts = new HostResolver(this::slowLookup, Duration.ofMillis(200), 2)) {
            AddressResolver<InetSocketAddress> resolver = hosts.getResolver(loop);
            for (String host : new String[] {"a.internal", "b.internal", "c.internal"}) {
                resolve(resolver, host).get(5, TimeUnit.SECONDS);
            }
            assertThat(hosts.cached()).isEqualTo(2);
            Thread.sleep(300);
            resolve(resolver, "c.internal").get(5, TimeUnit.SECONDS);
            assertThat(lookups.get()).isEqualTo(4);
        }
    }

    @Test
    void anUnknownNameFailsAndTheFailureIsCachedBriefly() throws Exception {
        release.countDown();
        try (HostResolver hosts = new HostResolver(this::slowLookup, Duration.ofMinutes(1), 16)) {
            AddressResolver<InetSocketAddress> resolver = hosts.getResolver(loop);
            Future<InetSocketAddress> missing = resolve(resolver, "missing.internal").await();
            assertThat(missing.cause()).isInstanceOf(UnknownHostException.class);
            assertThat(resolve(resolver, "missing.internal").await().cause()).isInstanceOf(UnknownHostException.class);
            assertThat(lookups.get()).isEqualTo(1);
        }
    }

    @Test
    void loopsAskingForTheSameNameAtOnceShareOneLookup() throws Exception {
        try (HostResolver hosts = new HostResolver(this::slowLookup, Duration.ofMinutes(1), 16)) {
            DefaultEventLoop other = new DefaultEventLoop();
            try {
                Future<InetSocketAddress> first = resolve(hosts.getResolver(loop), "shared.internal");
                Future<InetSocketAddress> second = resolve(hosts.getResolver(other), "shared.internal");
                release.countDown();
                assertThat(first.get(5, TimeUnit.SECONDS).getAddress()).isEqualTo(second.get(5, TimeUnit.SECONDS)
                        .getAddress());
                assertThat(lookups.get()).isEqualTo(1);
            } finally {
                other.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS);
            }
        }
    }
}
