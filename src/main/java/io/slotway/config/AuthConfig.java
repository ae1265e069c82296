package io.slotway.config;

import java.util.List;
import java.util.Map;

/**
 * Downstream authentication. {@code passwords} are the default user's (several, so a password can be rotated:
 * add the new one, move clients, drop the old one); {@code users} log in with {@code AUTH username password}.
 */
public record AuthConfig(List<Secret> passwords, Map<String, UserConfig> users) {

    /** A named user: its password and the commands it may run, in Redis ACL terms ({@code +@read -@dangerous}). */
    public record UserConfig(String name, Secret password, String commands) {
    }
}
