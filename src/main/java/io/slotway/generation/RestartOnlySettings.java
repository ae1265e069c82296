package io.slotway.generation;

import io.slotway.config.ServerTlsConfig;
import io.slotway.config.SlotwayConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings a reload cannot change, because sockets, threads or the admin server were made from them. A new
 * file that changes one is refused whole, so the running config and the file never silently disagree.
 */
public final class RestartOnlySettings {

    private RestartOnlySettings() {
    }

    public static List<String> changes(SlotwayConfig running, SlotwayConfig next) {
        List<String> changes = new ArrayList<>();
        compare(changes, "listen", running.listen(), next.listen());
        compare(changes, "event_loop_threads", running.eventLoopThreads(), next.eventLoopThreads());
        compare(changes, "transport", running.transport().configName(), next.transport().configName());
        compare(changes, "admin", running.admin().map(admin -> admin.listen()),
                next.admin().map(admin -> admin.listen()));
        compare(changes, "admin.token", running.admin().flatMap(admin -> admin.token()),
                next.admin().flatMap(admin -> admin.token()));
        compare(changes, "tls", running.tls().isPresent() ? "on" : "off", next.tls().isPresent() ? "on" : "off");
        compare(changes, "tls.listen", running.tls().flatMap(ServerTlsConfig::listen),
                next.tls().flatMap(ServerTlsConfig::listen));
        compare(changes, "monitoring", running.monitoring(), next.monitoring());
        return changes;
    }

    private static void compare(List<String> changes, String key, Object running, Object next) {
        if (!Objects.equals(running, next)) {
            changes.add(key + ": changed from " + shown(running) + " to " + shown(next)
                    + "; that takes a restart (nothing was applied)");
        }
    }

    private static String shown(Object value) {
        Object plain = value instanceof Optional<?> optional ? optional.orElse(null) : value;
        return plain == null ? "(none)" : plain.toString();
    }
}
