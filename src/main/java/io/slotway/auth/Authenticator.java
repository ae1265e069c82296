package io.slotway.auth;

import io.slotway.command.CommandPermissions;
import io.slotway.command.CommandTable;
import io.slotway.config.AuthConfig;
import io.slotway.config.Secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks {@code AUTH} and {@code HELLO ... AUTH} credentials against the configured passwords and users. Every
 * comparison is constant-time, and every configured password of the default user is compared, so timing does not
 * tell which part of a guess was right. Immutable; shared by all event loops.
 */
public final class Authenticator {

    public static final String DEFAULT_USER = "default";

    /** Who a client is once logged in, and what it may run. */
    public record User(String name, CommandPermissions permissions) {
    }

    /** The default user of a client that connected while no login was needed. */
    public static final User UNRESTRICTED = new User(DEFAULT_USER,
            CommandPermissions.parse("+@all", CommandTable.standard()));

    private final List<byte[]> defaultPasswords;
    private final User defaultUser;
    private final Map<String, byte[]> passwords = new HashMap<>();
    private final Map<String, User> users = new HashMap<>();

    public Authenticator(AuthConfig config, CommandTable table) {
        this.defaultPasswords = config.passwords().stream().map(Authenticator::bytes).toList();
        this.defaultUser = new User(DEFAULT_USER, CommandPermissions.parse("+@all", table));
        config.users().forEach((name, user) -> {
            passwords.put(name, bytes(user.password()));
            users.put(name, new User(name, CommandPermissions.parse(user.commands(), table)));
        });
    }

    private static byte[] bytes(Secret secret) {
        return secret.value().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code name} as this config defines it, or null when it no longer exists: for clients logged in before a
     * reload. The default user exists while it has a password (or is configured as a named user).
     */
    public User user(String name) {
        User named = users.get(name);
        if (named != null) {
            return named;
        }
        return name.equals(DEFAULT_USER) && !defaultPasswords.isEmpty() ? defaultUser : null;
    }

    /** The user these credentials log in as, or null; {@code username} null means the default user. */
    public User login(String username, byte[] password) {
        if (username == null || username.equals(DEFAULT_USER) && !users.containsKey(DEFAULT_USER)) {
            boolean match = false;
            for (byte[] candidate : defaultPasswords) {
                match |= MessageDigest.isEqual(candidate, password);
            }
            return match ? defaultUser : null;
        }
        byte[] expected = passwords.get(username);
        // Compared even for an unknown user, so its absence takes as long as a wrong password.
        boolean match = MessageDigest.isEqual(expected == null ? new byte[password.length + 1] : expected, password);
        return match && expected != null ? users.get(username) : null;
    }
}
