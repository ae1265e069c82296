package io.slotway.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed RESP2 value that remembers which bytes of the source it came from, so the table can both read
 * COMMAND's reply and hand out the exact bytes of each entry. Only for loading the table (a cold path).
 */
final class RespNode {

    final char type;
    final long integer;
    final String text;
    final List<RespNode> items;
    final int start;
    final int end;

    private RespNode(char type, long integer, String text, List<RespNode> items, int start, int end) {
        this.type = type;
        this.integer = integer;
        this.text = text;
        this.items = items;
        this.start = start;
        this.end = end;
    }

    static RespNode parse(byte[] source) {
        int[] position = {0};
        RespNode node = read(source, position);
        if (position[0] != source.length) {
            throw new IllegalArgumentException("trailing bytes after the reply at " + position[0]);
        }
        return node;
    }

    private static RespNode read(byte[] source, int[] position) {
        int start = position[0];
        char type = (char) source[start];
        int lineEnd = indexOfCrlf(source, start + 1);
        String line = new String(source, start + 1, lineEnd - start - 1, StandardCharsets.UTF_8);
        position[0] = lineEnd + 2;
        switch (type) {
            case '+', '-':
                return new RespNode(type, 0, line, List.of(), start, position[0]);
            case ':':
                return new RespNode(type, Long.parseLong(line), null, List.of(), start, position[0]);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return new RespNode(type, 0, null, List.of(), start, position[0]);
                }
                String text = new String(source, position[0], length, StandardCharsets.UTF_8);
                position[0] += length + 2;
                return new RespNode(type, 0, text, List.of(), start, position[0]);
            }
            case '*': {
                int count = Integer.parseInt(line);
                List<RespNode> items = new ArrayList<>(Math.max(count, 0));
                for (int i = 0; i < count; i++) {
                    items.add(read(source, position));
                }
                return new RespNode(type, 0, null, items, start, position[0]);
            }
            default:
                throw new IllegalArgumentException("unexpected RESP type '" + type + "' at " + start);
        }
    }

    private static int indexOfCrlf(byte[] source, int from) {
        for (int i = from; i + 1 < source.length; i++) {
            if (source[i] == '\r' && source[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalArgumentException("unterminated line at " + from);
    }

    RespNode get(int index) {
        return items.get(index);
    }

    /** For RESP2 maps sent as flat arrays: the value after {@code key}, or null. */
    RespNode field(String key) {
        for (int i = 0; i + 1 < items.size(); i += 2) {
            if (key.equals(items.get(i).text)) {
                return items.get(i + 1);
            }
        }
        return null;
    }

    List<String> texts() {
        List<String> texts = new ArrayList<>(items.size());
        items.forEach(item -> texts.add(item.text));
        return texts;
    }
}
