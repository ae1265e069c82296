package io.slotway.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.slotway.command.CommandPermissions;
import io.slotway.command.CommandTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a YAML config and validates all of it, reporting every problem with its path. */
public final class ConfigLoader {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final int REDIS_MAX_BULK = 512 << 20;

    private ConfigLoader() {
    }

    public static SlotwayConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(file + ": no such file"));
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read (" + e.getMessage() + ")"));
        }
        return parse(text, file.toString());
    }

    public static SlotwayConfig parse(String yaml, String sourceName) throws ConfigException {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String at = where == null ? "" : ": line " + where.getLineNr() + ", column " + where.getColumnNr();
            throw new ConfigException(List.of(sourceName + at + ": " + e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(List.of(sourceName + ": expected a YAML mapping at the top level"));
        }
        List<String> problems = new ArrayList<>();
        SlotwayConfig config = bind(new ConfigNode("", root, problems));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    private static SlotwayConfig bind(ConfigNode root) {
        HostAndPort listen = listen(root);
        int threads = root.integer("event_loop_threads", 0, 0, 256);
        TransportChoice transport = transport(root);

        ConfigNode timeoutsNode = root.mapping("timeouts", false);
        TimeoutsConfig timeouts = timeoutsNode == null ? TimeoutsConfig.DEFAULTS
                : UpstreamBinder.timeouts(timeoutsNode, TimeoutsConfig.DEFAULTS);

        Map<String, UpstreamConfig> upstreams = new LinkedHashMap<>();
        ConfigNode upstreamsNode = root.mapping("upstreams", true);
        if (upstreamsNode != null) {
            for (Map.Entry<String, JsonNode> entry : upstreamsNode.entries()) {
                ConfigNode upstream = upstreamsNode.child(entry.getKey(), entry.getValue());
                if (!upstream.isMapping()) {
                    upstreamsNode.problem(entry.getKey(), "expected a mapping (mode, nodes, ...)");
                    continue;
                }
                upstreams.put(entry.getKey(), UpstreamBinder.bind(entry.getKey(), upstream, timeouts));
            }
            if (upstreams.isEmpty() && upstreamsNode.entries().isEmpty()) {
                root.problem("upstreams", "empty (expected: at least one upstream)");
            }
        }

        RoutesConfig routes = RoutesBinder.bind(root, upstreams);
        LimitsConfig limits = limits(root.mapping("limits", false));
        ShutdownConfig shutdown = shutdown(root.mapping("shutdown", false));
        CommandsConfig commands = commands(root.mapping("commands", false));
        Optional<AdminConfig> admin = admin(root);
        MonitoringConfig monitoring = monitoring(root.mapping("monitoring", false));
        Optional<AuthConfig> auth = auth(root.mapping("auth", false));
        Optional<ServerTlsConfig> tls = TlsBinder.server(root);
        List<FaultConfig> faults = FaultsBinder.bind(root);
        root.finish();
        return new SlotwayConfig(listen, threads, transport, Collections.unmodifiableMap(upstreams), routes, timeouts,
                limits, shutdown, commands, admin, monitoring, auth, tls, faults);
    }

    private static HostAndPort listen(ConfigNode root) {
        String text = root.string("listen", true, "host:port, e.g. 127.0.0.1:6380");
        if (text == null) {
            return null;
        }
        try {
            return HostAndPort.parse(text);
        } catch (IllegalArgumentException e) {
            root.problem("listen", e.getMessage());
            return null;
        }
    }

    private static LimitsConfig limits(ConfigNode limits) {
        LimitsConfig defaults = LimitsConfig.DEFAULTS;
        if (limits == null) {
            return defaults;
        }
        LimitsConfig bound = new LimitsConfig(
                limits.size("max_bulk_length", defaults.maxBulkLength(), 1, REDIS_MAX_BULK),
                limits.integer("max_array_length", defaults.maxArrayLength(), 1, Integer.MAX_VALUE),
                limits.size("max_inline_length", defaults.maxInlineLength(), 1, REDIS_MAX_BULK),
                limits.integer("max_pending_requests", defaults.maxPendingRequests(), 1, 10_000_000),
                limits.size("max_fanout_reply_bytes", (int) defaults.maxFanoutReplyBytes(), 1024, 1L << 30),
                limits.integer("max_clients", defaults.maxClients(), 1, 1_000_000),
                limits.size("max_pending_reply_bytes", defaults.maxPendingReplyBytes(), 1024, 1L << 30),
                limits.size("client_output_buffer", (int) defaults.clientOutputBuffer(), 0, Integer.MAX_VALUE),
                limits.duration("client_idle_timeout", defaults.clientIdleTimeout(), Duration.ZERO,
                        Duration.ofDays(7)),
                limits.integer("dedicated_connections_per_node", defaults.dedicatedConnectionsPerNode(), 1, 100_000),
                limits.size("pubsub_output_buffer", (int) defaults.pubsubOutputBuffer(), 0, Integer.MAX_VALUE),
                limits.size("pubsub_output_buffer_soft", (int) defaults.pubsubOutputBufferSoft(), 0,
                        Integer.MAX_VALUE),
                limits.duration("pubsub_output_buffer_soft_time", defaults.pubsubOutputBufferSoftTime(),
                        Duration.ZERO, Duration.ofDays(1)),
                limits.integer("tracking_table_max_keys", defaults.trackingTableMaxKeys(), 1, 100_000_000),
                limits.integer("mirror_pending_requests", defaults.mirrorPendingRequests(), 1, 10_000_000));
        limits.finish();
        return bound;
    }

    private static TransportChoice transport(ConfigNode root) {
        String name = root.string("transport", false, "auto, io_uring, epoll or nio");
        if (name == null) {
            return TransportChoice.AUTO;
        }
        TransportChoice choice = TransportChoice.named(name);
        if (choice == null) {
            root.problem("transport", "'" + name + "' (expected: auto, io_uring, epoll or nio)");
            return TransportChoice.AUTO;
        }
        return choice;
    }

    private static CommandsConfig commands(ConfigNode commands) {
        if (commands == null) {
            return CommandsConfig.DEFAULTS;
        }
        String policy = commands.string("keys_policy", false, "allow or deny");
        boolean allowKeys = true;
        if (policy != null && !policy.equals("allow")) {
            if (policy.equals("deny")) {
                allowKeys = false;
            } else {
                commands.problem("keys_policy", "'" + policy + "' (expected: allow or deny)");
            }
        }
        List<String> deny = commands.has("deny") ? commandNames(commands, "deny") : CommandsConfig.DEFAULT_DENY;
        List<String> allow = commandNames(commands, "allow");
        commands.finish();
        return new CommandsConfig(allowKeys, deny, allow);
    }

    /** A list of command names, each checked against the command table so a typo cannot leave a hole. */
    static List<String> commandNames(ConfigNode commands, String key) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, JsonNode> item : commands.list(key, false, "command names, e.g. debug or config set")) {
            String name = item.getValue().isTextual() ? CommandsConfig.normalize(item.getValue().asText()) : null;
            if (name == null || CommandTable.standard().lookup(name) == null) {
                commands.problem(item.getKey().substring(commands.path().length() + 1), "unknown command '" + item.getValue().asText()
                        + "' (expected a Redis command, a subcommand as 'config set')");
            } else {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    /** {@code admin: 9121}, {@code admin: host:port}, or {@code admin: {listen: ..., token: ...}}; absent: off. */
    private static Optional<AdminConfig> admin(ConfigNode root) {
        if (!root.has("admin")) {
            return Optional.empty();
        }
        if (root.isScalar("admin")) {
            HostAndPort listen = adminListen(root, "admin", root.string("admin", true, "host:port or a port"));
            return listen == null ? Optional.empty() : Optional.of(new AdminConfig(listen, Optional.empty()));
        }
        ConfigNode admin = root.mapping("admin", true);
        if (admin == null) {
            return Optional.empty();
        }
        HostAndPort listen = adminListen(admin, "listen", admin.string("listen", true, "host:port or a port"));
        Optional<Secret> token = Secrets.read(admin, "token", "a bearer token");
        admin.finish();
        return listen == null ? Optional.empty() : Optional.of(new AdminConfig(listen, token));
    }

    private static HostAndPort adminListen(ConfigNode node, String key, String text) {
        if (text == null) {
            return null;
        }
        try {
            return HostAndPort.parse(text.matches("\\d+") ? "127.0.0.1:" + text : text);
        } catch (IllegalArgumentException e) {
            node.problem(key, e.getMessage());
            return null;
        }
    }

    /**
     * {@code auth.passwords} (a list, for rotation) plus {@code password_env} / {@code password_file} for the
     * default user; {@code auth.users.<name>} with a password (or its _env/_file) and ACL-style {@code commands}.
     */
    private static Optional<AuthConfig> auth(ConfigNode auth) {
        if (auth == null) {
            return Optional.empty();
        }
        List<Secret> passwords = new ArrayList<>();
        for (Map.Entry<String, JsonNode> item : auth.list("passwords", false, "passwords")) {
            if (item.getValue().isValueNode() && !item.getValue().asText().isEmpty()) {
                passwords.add(new Secret(item.getValue().asText()));
            } else {
                auth.problem(item.getKey().substring(auth.path().length() + 1), "expected a non-empty password");
            }
        }
        Secrets.read(auth, "password", "a password").ifPresent(passwords::add);
        Map<String, AuthConfig.UserConfig> users = new LinkedHashMap<>();
        ConfigNode usersNode = auth.mapping("users", false);
        if (usersNode != null) {
            for (Map.Entry<String, JsonNode> entry : usersNode.entries()) {
                ConfigNode user = usersNode.child(entry.getKey(), entry.getValue());
                if (!user.isMapping()) {
                    usersNode.problem(entry.getKey(), "expected a mapping (password, commands)");
                    continue;
                }
                Optional<Secret> password = Secrets.read(user, "password", "a password");
                String commands = user.string("commands", false, "ACL rules, e.g. +@read -@dangerous");
                if (password.isEmpty()) {
                    user.problem("password", "missing (expected: password, password_env or password_file)");
                }
                if (commands != null) {
                    try {
                        CommandPermissions.parse(commands, CommandTable.standard());
                    } catch (IllegalArgumentException e) {
                        user.problem("commands", e.getMessage());
                    }
                }
                user.finish();
                password.ifPresent(secret -> users.put(entry.getKey(), new AuthConfig.UserConfig(entry.getKey(),
                        secret, commands == null ? "+@all" : commands)));
            }
        }
        if (passwords.isEmpty() && users.isEmpty()) {
            auth.problem("passwords", "no password and no user (expected: at least one)");
        }
        auth.finish();
        return Optional.of(new AuthConfig(List.copyOf(passwords), Collections.unmodifiableMap(users)));
    }

    private static MonitoringConfig monitoring(ConfigNode monitoring) {
        if (monitoring == null) {
            return MonitoringConfig.DEFAULTS;
        }
        MonitoringConfig defaults = MonitoringConfig.DEFAULTS;
        MonitoringConfig bound = new MonitoringConfig(
                monitoring.duration("slow_threshold", defaults.slowThreshold(), Duration.ZERO, Duration.ofHours(1)),
                monitoring.integer("slowlog_size", defaults.slowlogSize(), 1, 100_000),
                monitoring.duration("long_running_threshold", defaults.longRunningThreshold(), Duration.ofMillis(1),
                        Duration.ofHours(24)),
                monitoring.duration("health_check_interval", defaults.healthCheckInterval(), Duration.ZERO,
                        Duration.ofHours(1)));
        monitoring.finish();
        return bound;
    }

    private static ShutdownConfig shutdown(ConfigNode shutdown) {
        if (shutdown == null) {
            return new ShutdownConfig(Duration.ofSeconds(10));
        }
        Duration drain = shutdown.duration("drain_timeout", Duration.ofSeconds(10), Duration.ZERO,
                Duration.ofHours(1));
        shutdown.finish();
        return new ShutdownConfig(drain);
    }
}
