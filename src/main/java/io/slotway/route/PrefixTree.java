package io.slotway.route;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The longest configured prefix a key starts with: a trie over the prefixes' bytes whose children are sorted and
 * binary-searched. A lookup walks at most min(key length, longest prefix) nodes and allocates nothing.
 * Case-insensitive trees hold lowercased prefixes and lowercase each ASCII byte of the key as they walk.
 */
final class PrefixTree {

    private final Node root = new Node();
    private final boolean caseInsensitive;

    PrefixTree(Map<String, Route> routes, boolean caseInsensitive) {
        this.caseInsensitive = caseInsensitive;
        routes.forEach((prefix, route) -> insert(prefix.getBytes(StandardCharsets.UTF_8), route));
    }

    /** The route of the longest prefix of the key at {@code offset}, or null when none matches. */
    Route longestMatch(ByteBuf buffer, int offset, int length) {
        Node node = root;
        Route best = root.route;
        for (int i = 0; i < length; i++) {
            node = node.child(fold(buffer.getByte(offset + i)));
            if (node == null) {
                return best;
            }
            if (node.route != null) {
                best = node.route;
            }
        }
        return best;
    }

    private void insert(byte[] prefix, Route route) {
        Node node = root;
        for (byte b : prefix) {
            node = node.childOrNew(fold(b));
        }
        node.route = route;
    }

    private byte fold(byte b) {
        return caseInsensitive && b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }

    private static final class Node {
        private byte[] labels = new byte[0];
        private Node[] children = new Node[0];
        private Route route;

        Node child(byte label) {
            int at = Arrays.binarySearch(labels, label);
            return at >= 0 ? children[at] : null;
        }

        Node childOrNew(byte label) {
            int at = Arrays.binarySearch(labels, label);
            if (at >= 0) {
                return children[at];
            }
            int insertAt = -at - 1;
            byte[] grownLabels = new byte[labels.length + 1];
            Node[] grownChildren = new Node[children.length + 1];
            System.arraycopy(labels, 0, grownLabels, 0, insertAt);
            System.arraycopy(children, 0, grownChildren, 0, insertAt);
            System.arraycopy(labels, insertAt, grownLabels, insertAt + 1, labels.length - insertAt);
            System.arraycopy(children, insertAt, grownChildren, insertAt + 1, children.length - insertAt);
            grownLabels[insertAt] = label;
            grownChildren[insertAt] = new Node();
            labels = grownLabels;
            children = grownChildren;
            return grownChildren[insertAt];
        }
    }
}
