package io.slotway.keyspace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * The ketama consistent-hash ring, built the way twemproxy builds it: each node gets 160 points per unit of
 * weight share (times the node count), four per MD5 of {@code "<name>-<i>"}. A key goes to the first point at or
 * after its hash, wrapping around. Adding a node moves about 1/N of the keys. Immutable.
 */
public final class KetamaRing {

    private static final int POINTS_PER_SERVER = 160;
    private static final int POINTS_PER_HASH = 4;

    /** Point values (unsigned 32-bit, stored as long) ascending, and the node index owning each. */
    private final long[] points;
    private final int[] owners;
    /**
     * For each of the 4096 ranges of hash values sharing their top 12 bits, the index of its first point: a lookup
     * narrows the search to the handful of points in one range (480 points on 3 nodes: usually none or one).
     */
    private final int[] rangeStarts = new int[RANGES + 1];

    private static final int RANGE_BITS = 12;
    private static final int RANGES = 1 << RANGE_BITS;

    /** A node as the ring sees it: the text its points are hashed from, and its weight. */
    public record Member(String name, int weight) {
    }

    public KetamaRing(List<Member> nodes) {
        long totalWeight = nodes.stream().mapToLong(Member::weight).sum();
        int capacity = 0;
        int[] perNode = new int[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            double share = (double) nodes.get(i).weight() / totalWeight;
            perNode[i] = (int) Math.floor((float) (share * POINTS_PER_SERVER / 4 * nodes.size() + 0.0000000001)) * 4;
            capacity += perNode[i];
        }
        long[] packed = new long[capacity];
        int next = 0;
        for (int node = 0; node < nodes.size(); node++) {
            for (int index = 0; index < perNode[node] / POINTS_PER_HASH; index++) {
                byte[] digest = md5(nodes.get(node).name() + "-" + index);
                for (int x = 0; x < POINTS_PER_HASH; x++) {
                    long value = ((digest[3 + x * 4] & 0xffL) << 24) | ((digest[2 + x * 4] & 0xffL) << 16)
                            | ((digest[1 + x * 4] & 0xffL) << 8) | (digest[x * 4] & 0xffL);
                    // Sort by value, ties by node index: value in the high bits, owner in the low ones.
                    packed[next++] = (value << 16) | node;
                }
            }
        }
        Arrays.sort(packed);
        points = new long[capacity];
        owners = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            points[i] = packed[i] >>> 16;
            owners[i] = (int) (packed[i] & 0xffff);
        }
        int point = 0;
        for (int range = 0; range <= RANGES; range++) {
            long rangeStart = (long) range << (32 - RANGE_BITS);
            // Bounded: each point is passed once over all ranges.
            while (point < capacity && points[point] < rangeStart) {
                point++;
            }
            rangeStarts[range] = point;
        }
    }

    /** The node index for a key hash (an unsigned 32-bit value in an int). */
    public int nodeFor(int hash) {
        long value = hash & 0xffffffffL;
        int range = (int) (value >>> (32 - RANGE_BITS));
        int low = rangeStarts[range];
        int high = rangeStarts[range + 1];
        // Binary search: bounded by log2 of the point count.
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (points[middle] < value) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return owners[low == points.length ? 0 : low];
    }

    private static byte[] md5(String text) {
        try {
            return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JVM", e);
        }
    }
}
