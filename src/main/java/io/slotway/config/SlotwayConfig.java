package io.slotway.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The whole configuration, validated; upstreams keep the order of the file; {@code faults} empty unless set. */
public record SlotwayConfig(HostAndPort listen, int eventLoopThreads, TransportChoice transport,
                            Map<String, UpstreamConfig> upstreams,
                            RoutesConfig routes, TimeoutsConfig timeouts, LimitsConfig limits,
                            ShutdownConfig shutdown, CommandsConfig commands, Optional<AdminConfig> admin,
                            MonitoringConfig monitoring, Optional<AuthConfig> auth,
                            Optional<ServerTlsConfig> tls, List<FaultConfig> faults) {
}
