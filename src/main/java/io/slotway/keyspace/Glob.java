package io.slotway.keyspace;

/**
 * Redis's glob-style matching (KEYS, SCAN MATCH), ported from {@code stringmatchlen} in Redis's util.c so Slotway
 * filters key names exactly as a node would: {@code *}, {@code ?}, {@code [abc]}, {@code [^a-z]} and {@code \}
 * escapes. Like Redis, a {@code *} that found no match stops longer attempts, so the work stays polynomial.
 */
public final class Glob {

    /** Redis's bound on {@code *} nesting, past which a pattern matches nothing. */
    private static final int MAX_NESTING = 1000;

    private Glob() {
    }

    /** As KEYS and SCAN match: a lone {@code *} takes every key, the empty one included, without matching. */
    public static boolean matches(byte[] pattern, byte[] string) {
        return pattern.length == 1 && pattern[0] == '*' || match(pattern, 0, string, 0, new boolean[1], 0);
    }

    private static boolean match(byte[] pattern, int p, byte[] string, int s, boolean[] skipLonger, int nesting) {
        if (nesting > MAX_NESTING) {
            return false;
        }
        while (p < pattern.length && s < string.length) {
            switch (pattern[p]) {
                case '*' -> {
                    while (p + 1 < pattern.length && pattern[p + 1] == '*') {
                        p++;
                    }
                    if (p + 1 == pattern.length) {
                        return true;
                    }
                    for (; s < string.length; s++) {
                        if (match(pattern, p + 1, string, s, skipLonger, nesting + 1)) {
                            return true;
                        }
                        if (skipLonger[0]) {
                            return false;
                        }
                    }
                    skipLonger[0] = true;
                    return false;
                }
                case '?' -> s++;
                case '[' -> {
                    p++;
                    boolean not = p < pattern.length && pattern[p] == '^';
                    if (not) {
                        p++;
                    }
                    boolean matched = false;
                    while (true) {
                        if (p < pattern.length && pattern[p] == '\\' && pattern.length - p >= 2) {
                            p++;
                            matched |= pattern[p] == string[s];
                        } else if (p < pattern.length && pattern[p] == ']') {
                            break;
                        } else if (p >= pattern.length) {
                            p--;
                            break;
                        } else if (pattern.length - p >= 3 && pattern[p + 1] == '-') {
                            // Signed, as Redis's char is on x86-64: a range over bytes of 0x80 and up matches
                            // what Redis matches.
                            int start = pattern[p];
                            int end = pattern[p + 2];
                            int c = string[s];
                            p += 2;
                            matched |= c >= Math.min(start, end) && c <= Math.max(start, end);
                        } else {
                            matched |= pattern[p] == string[s];
                        }
                        p++;
                    }
                    if (not == matched) {
                        return false;
                    }
                    s++;
                }
                default -> {
                    if (pattern[p] == '\\' && pattern.length - p >= 2) {
                        p++;
                    }
                    if (pattern[p] != string[s]) {
                        return false;
                    }
                    s++;
                }
            }
            p++;
            if (s == string.length) {
                while (p < pattern.length && pattern[p] == '*') {
                    p++;
                }
                break;
            }
        }
        return p == pattern.length && s == string.length;
    }

    /**
     * Whether {@code pattern} starts with {@code literal} as plain characters, none of them special: then the keys
     * it matches are exactly {@code literal} followed by what the rest of the pattern matches.
     */
    public static boolean startsWithLiteral(byte[] pattern, byte[] literal) {
        if (pattern.length < literal.length) {
            return false;
        }
        for (int i = 0; i < literal.length; i++) {
            byte b = pattern[i];
            if (b != literal[i] || b == '*' || b == '?' || b == '[' || b == '\\') {
                return false;
            }
        }
        return true;
    }
}
