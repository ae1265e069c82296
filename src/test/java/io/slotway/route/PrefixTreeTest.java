package io.slotway.route;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PrefixTreeTest {

    private static final Route USER = Route.of(null);
    private static final Route VIP = Route.of(null);
    private static final Route EVERYTHING = Route.of(null);

    private static Route lookup(PrefixTree tree, String key) {
        ByteBuf buffer = Unpooled.copiedBuffer("xx" + key, StandardCharsets.UTF_8);
        return tree.longestMatch(buffer, 2, buffer.readableBytes() - 2);
    }

    private static PrefixTree tree(boolean caseInsensitive, Map<String, Route> routes) {
        return new PrefixTree(routes, caseInsensitive);
    }

    @Test
    void longestMatchingPrefixWins() {
        Map<String, Route> routes = new LinkedHashMap<>();
        routes.put("user:vip:", VIP);
        routes.put("user:", USER);
        PrefixTree tree = tree(false, routes);
        assertThat(lookup(tree, "user:1")).isSameAs(USER);
        assertThat(lookup(tree, "user:vip:1")).isSameAs(VIP);
        assertThat(lookup(tree, "user:vip")).isSameAs(USER);
        assertThat(lookup(tree, "user")).isNull();
        assertThat(lookup(tree, "")).isNull();
        assertThat(lookup(tree, "other")).isNull();
    }

    @Test
    void emptyPrefixMatchesEveryKey() {
        PrefixTree tree = tree(false, Map.of("", EVERYTHING, "user:", USER));
        assertThat(lookup(tree, "anything")).isSameAs(EVERYTHING);
        assertThat(lookup(tree, "")).isSameAs(EVERYTHING);
        assertThat(lookup(tree, "user:1")).isSameAs(USER);
    }

    @Test
    void caseInsensitiveTreeFoldsAsciiLettersOnly() {
        PrefixTree tree = tree(true, Map.of("user:", USER));
        assertThat(lookup(tree, "USER:1")).isSameAs(USER);
        assertThat(lookup(tree, "uSeR:1")).isSameAs(USER);
        assertThat(lookup(tree(false, Map.of("user:", USER)), "USER:1")).isNull();
        PrefixTree upper = tree(true, Map.of("User:", USER));
        assertThat(lookup(upper, "user:1")).isSameAs(USER);
    }

    @Test
    void bytesAboveAsciiAndSiblingsSortCorrectly() {
        Map<String, Route> routes = new LinkedHashMap<>();
        routes.put("é:", USER);
        routes.put("a:", VIP);
        routes.put("z:", EVERYTHING);
        PrefixTree tree = tree(false, routes);
        assertThat(lookup(tree, "é:1")).isSameAs(USER);
        assertThat(lookup(tree, "a:1")).isSameAs(VIP);
        assertThat(lookup(tree, "z:1")).isSameAs(EVERYTHING);
        assertThat(lookup(tree, "b:1")).isNull();
    }
}
