package io.slotway.metrics.counters;

import io.slotway.metrics.Metrics;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything one Slotway process counts: per command, per client, per upstream and node. Thread-safe; shared by
 * every event loop. The hot path only increments and records; {@link #sample} (once a second, one thread) makes
 * the histograms readable.
 */
public final class Counters implements Metrics {

    private final long startNanos = System.nanoTime();
    private final ConcurrentHashMap<String, CommandCounters> commands = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, UpstreamCounters> upstreams = new ConcurrentHashMap<>();
    private final LatencyHistogram allCommands = LatencyHistogram.aggregate();
    private final AtomicInteger clients = new AtomicInteger();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final EnumCounters<ClientLimit> clientLimits = new EnumCounters<>(ClientLimit.class);
    private final AtomicInteger longRunning = new AtomicInteger();
    private final AtomicInteger blockedClients = new AtomicInteger();
    private final EnumCounters<TransactionEnd> transactions = new EnumCounters<>(TransactionEnd.class);
    private final PubSubCounters pubsub = new PubSubCounters();
    private final LongAdder longRunningTotal = new LongAdder();
    private final LongAdder authFailures = new LongAdder();
    private final LongAdder reloads = new LongAdder();
    private final LongAdder tlsHandshakeFailures = new LongAdder();
    private final LongAdder reloadsRefused = new LongAdder();
    /** The sampler's scratch list (one thread uses it). */
    private final List<Histogram> intervals = new ArrayList<>();

    public Counters(List<String> upstreamNames) {
        upstreamNames.forEach(name -> upstreams.put(name, new UpstreamCounters(name)));
    }

    @Override
    public void transactionEnded(TransactionEnd end) {
        transactions.increment(end);
    }

    public long transactions(TransactionEnd end) {
        return transactions.sum(end);
    }

    @Override
    public void blockedClientsChanged(int delta) {
        blockedClients.addAndGet(delta);
    }

    @Override
    public void subscribersChanged(int delta) {
        pubsub.subscribersChanged(delta);
    }

    @Override
    public void subscriptionsChanged(int delta) {
        pubsub.subscriptionsChanged(delta);
    }

    @Override
    public void subscriberConnectionsChanged(int delta) {
        pubsub.connectionsChanged(delta);
    }

    @Override
    public void messageDelivered(int subscribers) {
        if (subscribers == 0) {
            pubsub.unclaimedOne();
        } else {
            pubsub.delivered(subscribers);
        }
    }

    public PubSubCounters pubsub() {
        return pubsub;
    }

    /** Clients waiting in a blocking command now. */
    public int blockedClients() {
        return blockedClients.get();
    }

    /** The counters of a command by its table name; created on first use (a few hundred at most). */
    @Override
    public CommandCounters command(String name) {
        CommandCounters command = commands.get(name);
        return command != null ? command : commands.computeIfAbsent(name, CommandCounters::new);
    }

    public Collection<CommandCounters> commands() {
        return commands.values();
    }

    @Override
    public UpstreamCounters upstream(String name) {
        UpstreamCounters upstream = upstreams.get(name);
        return upstream != null ? upstream : upstreams.computeIfAbsent(name, UpstreamCounters::new);
    }

    /** A reload removed the upstream {@code name}: its series leave {@code /metrics}, as the upstream left. */
    @Override
    public void upstreamRemoved(String name) {
        upstreams.remove(name);
    }

    public Collection<UpstreamCounters> upstreams() {
        return upstreams.values();
    }

    @Override
    public void clientConnected() {
        clients.incrementAndGet();
        accepted.increment();
    }

    @Override
    public void clientDisconnected() {
        clients.decrementAndGet();
    }

    @Override
    public void clientRejected() {
        rejected.increment();
    }

    public int clients() {
        return clients.get();
    }

    public long clientsAccepted() {
        return accepted.sum();
    }

    public long clientsRejected() {
        return rejected.sum();
    }

    /** A client's AUTH (or HELLO AUTH) was refused. */
    @Override
    public void authFailed() {
        authFailures.increment();
    }

    public long authFailures() {
        return authFailures.sum();
    }

    @Override
    public void clientLimit(ClientLimit limit) {
        clientLimits.increment(limit);
    }

    public long clientLimitEvents(ClientLimit limit) {
        return clientLimits.sum(limit);
    }

    /** A client's TLS handshake failed: no certificate, an untrusted one, plain text on a TLS port, ... */
    @Override
    public void tlsHandshakeFailed() {
        tlsHandshakeFailures.increment();
    }

    public long tlsHandshakeFailures() {
        return tlsHandshakeFailures.sum();
    }

    /** A config reload was applied ({@code applied}) or refused. */
    @Override
    public void reloaded(boolean applied) {
        (applied ? reloads : reloadsRefused).increment();
    }

    public long reloads() {
        return reloads.sum();
    }

    public long reloadsRefused() {
        return reloadsRefused.sum();
    }

    /** A request newly found in flight past the long-running threshold. */
    @Override
    public void longRunningFound() {
        longRunningTotal.increment();
    }

    /** One event loop's sweep found {@code delta} more (or fewer) requests past the threshold than before. */
    @Override
    public void longRunningChanged(int delta) {
        longRunning.addAndGet(delta);
    }

    public int longRunning() {
        return longRunning.get();
    }

    public long longRunningTotal() {
        return longRunningTotal.sum();
    }

    /** Every command's latency together, folded from the per-command histograms by {@link #sample}. */
    public LatencyHistogram allCommands() {
        return allCommands;
    }

    public double uptimeSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Folds the recorders into readable histograms; called once a second from one thread. */
    public synchronized void sample() {
        intervals.clear();
        for (CommandCounters command : commands.values()) {
            intervals.add(command.latency().sample());
        }
        allCommands.sampleFrom(intervals);
    }
}
