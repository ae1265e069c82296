package io.slotway.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Binds one {@code upstreams.<name>} mapping. */
final class UpstreamBinder {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    /** Modes this build can run; the others are known names so the message can say "not yet". */
    private static final Set<UpstreamMode> SUPPORTED = EnumSet.of(UpstreamMode.STANDALONE);
    private static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    private UpstreamBinder() {
    }

    static UpstreamConfig bind(String name, ConfigNode upstream, TimeoutsConfig globalTimeouts) {
        if (!NAME.matcher(name).matches()) {
            upstream.problem("", "name '" + name + "' (expected: letters, digits, '_' and '-')");
        }
        UpstreamMode mode = mode(upstream);
        List<HostAndPort> nodes = nodes(upstream, mode);
        Optional<String> username = Optional.ofNullable(upstream.string("username", false, "a user name"));
        Optional<Secret> password = password(upstream);
        if (username.isPresent() && password.isEmpty()) {
            upstream.problem("username", "set without a password (expected: password, password_env or "
                    + "password_file as well)");
        }
        int database = upstream.integer("database", 0, 0, 1_000_000);
        int connections = upstream.integer("connections_per_node", 1, 1, 64);
        TimeoutsConfig timeouts = globalTimeouts;
        ConfigNode timeoutsNode = upstream.mapping("timeouts", false);
        if (timeoutsNode != null) {
            timeouts = timeouts(timeoutsNode, globalTimeouts);
        }
        upstream.finish();
        return new UpstreamConfig(name, mode == null ? UpstreamMode.STANDALONE : mode, nodes, username, password,
                database, connections, timeouts);
    }

    static TimeoutsConfig timeouts(ConfigNode node, TimeoutsConfig defaults) {
        Duration connect = node.duration("connect", defaults.connect(), Duration.ofMillis(1), MAX_TIMEOUT);
        Duration command = node.duration("command", defaults.command(), Duration.ofMillis(1), MAX_TIMEOUT);
        node.finish();
        return new TimeoutsConfig(connect, command);
    }

    private static UpstreamMode mode(ConfigNode upstream) {
        String expected = "standalone, sharded or cluster";
        String text = upstream.string("mode", true, expected);
        if (text == null) {
            return null;
        }
        UpstreamMode mode;
        try {
            mode = UpstreamMode.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            upstream.problem("mode", "'" + text + "' (expected: " + expected + ")");
            return null;
        }
        if (!SUPPORTED.contains(mode)) {
            upstream.problem("mode", text + " is not supported yet (expected: standalone)");
            return null;
        }
        return mode;
    }

    private static List<HostAndPort> nodes(ConfigNode upstream, UpstreamMode mode) {
        List<HostAndPort> nodes = new ArrayList<>();
        List<Map.Entry<String, JsonNode>> items = upstream.list("nodes", true, "host:port entries");
        for (Map.Entry<String, JsonNode> item : items) {
            if (!item.getValue().isTextual()) {
                upstream.problem(relative(upstream, item.getKey()), "expected host:port");
                continue;
            }
            try {
                HostAndPort node = HostAndPort.parse(item.getValue().asText());
                if (node.port() == 0) {
                    throw new IllegalArgumentException("port 0 (expected: 1..65535)");
                }
                nodes.add(node);
            } catch (IllegalArgumentException e) {
                upstream.problem(relative(upstream, item.getKey()), e.getMessage());
            }
        }
        if (upstream.has("nodes") && items.isEmpty()) {
            upstream.problem("nodes", "empty (expected: at least one host:port)");
        }
        if (mode == UpstreamMode.STANDALONE && items.size() > 1) {
            upstream.problem("nodes", items.size() + " nodes (expected: exactly 1 for mode standalone)");
        }
        return nodes;
    }

    private static String relative(ConfigNode parent, String fullPath) {
        return fullPath.substring(parent.path().length() + 1);
    }

    private static Optional<Secret> password(ConfigNode upstream) {
        int given = (upstream.has("password") ? 1 : 0) + (upstream.has("password_env") ? 1 : 0)
                + (upstream.has("password_file") ? 1 : 0);
        if (given > 1) {
            upstream.problem("password", "given more than once (expected: one of password, password_env, "
                    + "password_file)");
            return Optional.empty();
        }
        String literal = upstream.string("password", false, "a password");
        if (literal != null) {
            return Optional.of(new Secret(literal));
        }
        String variable = upstream.string("password_env", false, "an environment variable name");
        if (variable != null) {
            String value = System.getenv(variable);
            if (value == null) {
                upstream.problem("password_env", "environment variable " + variable + " is not set");
                return Optional.empty();
            }
            return Optional.of(new Secret(value));
        }
        String file = upstream.string("password_file", false, "a file path");
        if (file != null) {
            try {
                List<String> lines = Files.readAllLines(Path.of(file));
                if (lines.isEmpty() || lines.get(0).isEmpty()) {
                    upstream.problem("password_file", file + " is empty (expected: the password on its first line)");
                    return Optional.empty();
                }
                return Optional.of(new Secret(lines.get(0)));
            } catch (IOException e) {
                upstream.problem("password_file", "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        return Optional.empty();
    }
}
