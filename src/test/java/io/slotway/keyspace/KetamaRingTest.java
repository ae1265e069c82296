package io.slotway.keyspace;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.slotway.config.HostAndPort;
import io.slotway.config.NodeConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class KetamaRingTest {

    /** The ring a sharded upstream builds for these nodes. */
    private static KetamaRing ring(List<NodeConfig> nodes) {
        return new KetamaRing(nodes.stream().map(node -> new KetamaRing.Member(node.ringName(), node.weight()))
                .toList());
    }

    private static List<NodeConfig> nodes(int count) {
        List<NodeConfig> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            nodes.add(NodeConfig.of(new HostAndPort("127.0.0.1", 7000 + i)));
        }
        return nodes;
    }

    private static int[] place(KetamaRing ring, int keys) {
        int[] owners = new int[keys];
        for (int i = 0; i < keys; i++) {
            ByteBuf key = Unpooled.copiedBuffer("key:" + i, StandardCharsets.US_ASCII);
            owners[i] = ring.nodeFor(KeyHashes.fnv1a64(key, 0, key.readableBytes()));
        }
        return owners;
    }

    @Test
    void placementStaysExactlyWhatItWas() {
        // Pinned from the plain binary search over every point (placement checked against twemproxy by
        // bench/run.sh): a faster lookup must not move a single key.
        int[] owners = place(ring(nodes(3)), 20_000);
        assertThat(Arrays.hashCode(owners)).isEqualTo(-1293388639);
        assertThat(Arrays.stream(owners).filter(owner -> owner == 0).count()).isEqualTo(7580);
        assertThat(Arrays.stream(owners).filter(owner -> owner == 1).count()).isEqualTo(6270);
    }

    @Test
    void addingAFourthNodeMovesAboutAQuarterOfTheKeys() {
        int[] before = place(ring(nodes(3)), 20_000);
        int[] after = place(ring(nodes(4)), 20_000);
        int moved = 0;
        for (int i = 0; i < before.length; i++) {
            if (before[i] != after[i]) {
                moved++;
                assertThat(after[i]).as("keys only move to the new node").isEqualTo(3);
            }
        }
        assertThat(moved / 20_000.0).isBetween(0.15, 0.35);
    }

    @Test
    void everyNodeGetsAShareAndWeightsCount() {
        List<NodeConfig> weighted = new ArrayList<>(nodes(2));
        weighted.add(new NodeConfig(new HostAndPort("127.0.0.1", 7100), 2, Optional.empty()));
        int[] counts = new int[3];
        for (int owner : place(ring(weighted), 40_000)) {
            counts[owner]++;
        }
        assertThat(counts[0]).isBetween(7_000, 13_000);
        assertThat(counts[1]).isBetween(7_000, 13_000);
        assertThat(counts[2]).isBetween(16_000, 24_000);
    }

    @Test
    void placementDependsOnTheNodeNameNotItsAddress() {
        List<NodeConfig> named = List.of(
                new NodeConfig(new HostAndPort("10.0.0.1", 6379), 1, Optional.of("cache-a")),
                new NodeConfig(new HostAndPort("10.0.0.2", 6379), 1, Optional.of("cache-b")));
        List<NodeConfig> moved = List.of(
                new NodeConfig(new HostAndPort("10.0.0.9", 6379), 1, Optional.of("cache-a")),
                new NodeConfig(new HostAndPort("10.0.0.8", 6379), 1, Optional.of("cache-b")));
        assertThat(place(ring(moved), 5_000)).isEqualTo(place(ring(named), 5_000));
    }

    @Test
    void hashTagHashesOnlyTheTaggedPart() {
        ByteBuf key = Unpooled.copiedBuffer("{user1}:cart", StandardCharsets.US_ASCII);
        long part = HashTag.hashedPart(key, 0, key.readableBytes(), (byte) '{', (byte) '}');
        assertThat(key.toString(HashTag.offset(part), HashTag.length(part), StandardCharsets.US_ASCII))
                .isEqualTo("user1");
        ByteBuf empty = Unpooled.copiedBuffer("{}:cart", StandardCharsets.US_ASCII);
        long whole = HashTag.hashedPart(empty, 0, empty.readableBytes(), (byte) '{', (byte) '}');
        assertThat(HashTag.length(whole)).isEqualTo(empty.readableBytes());
    }

    @Test
    void murmur3MatchesReferenceVectors() {
        assertThat(KeyHashes.murmur3(Unpooled.EMPTY_BUFFER, 0, 0)).isZero();
        ByteBuf hello = Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII);
        assertThat(Integer.toUnsignedString(KeyHashes.murmur3(hello, 0, 5), 16)).isEqualTo("248bfa47");
    }
}
