package io.slotway.config;

import java.util.Optional;

/**
 * The admin HTTP listener ({@code admin: 127.0.0.1:9121}, or a mapping with {@code listen} and a bearer
 * {@code token}). Given only a port, it binds loopback: the admin API is never exposed by accident.
 */
public record AdminConfig(HostAndPort listen, Optional<Secret> token) {
}
