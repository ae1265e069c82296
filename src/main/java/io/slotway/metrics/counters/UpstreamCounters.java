package io.slotway.metrics.counters;

import io.slotway.metrics.UpstreamMetrics;
import io.slotway.metrics.UpstreamMetrics.MirrorResult;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one configured upstream and of each node it has sent requests to. */
public final class UpstreamCounters implements UpstreamMetrics {

    private final String name;
    private final ConcurrentHashMap<String, NodeCounters> nodes = new ConcurrentHashMap<>();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder moved = new LongAdder();
    private final LongAdder ask = new LongAdder();
    private final LongAdder fanouts = new LongAdder();
    private final LongAdder fanoutParts = new LongAdder();
    private final LongAdder refreshes = new LongAdder();
    private final LongAdder refreshFailures = new LongAdder();
    private final EnumCounters<MirrorResult> mirrored = new EnumCounters<>(MirrorResult.class);

    UpstreamCounters(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    @Override
    public void mirror(MirrorResult result) {
        mirrored.increment(result);
    }

    /** Copies this upstream got as a mirror, by what became of them. */
    public long mirrored(MirrorResult result) {
        return mirrored.sum(result);
    }

    /** The node's counters; a cluster's nodes appear as the slot map names them. */
    @Override
    public NodeCounters node(String address) {
        NodeCounters node = nodes.get(address);
        return node != null ? node : nodes.computeIfAbsent(address, a -> new NodeCounters(name, a));
    }

    public Collection<NodeCounters> nodes() {
        return nodes.values();
    }

    /** A client request that reached its deadline before this upstream answered. */
    @Override
    public void timeout() {
        timeouts.increment();
    }

    @Override
    public void redirect(boolean isAsk) {
        (isAsk ? ask : moved).increment();
    }

    @Override
    public void fanout(int parts) {
        fanouts.increment();
        fanoutParts.add(parts);
    }

    @Override
    public void refresh(boolean ok) {
        (ok ? refreshes : refreshFailures).increment();
    }

    public long timeouts() {
        return timeouts.sum();
    }

    public long moved() {
        return moved.sum();
    }

    public long asks() {
        return ask.sum();
    }

    public long fanouts() {
        return fanouts.sum();
    }

    public long fanoutParts() {
        return fanoutParts.sum();
    }

    public long refreshes() {
        return refreshes.sum();
    }

    public long refreshFailures() {
        return refreshFailures.sum();
    }
}
