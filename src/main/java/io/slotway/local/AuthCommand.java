package io.slotway.local;

import io.netty.buffer.ByteBuf;
import io.slotway.auth.Authenticator;
import io.slotway.command.Errors;
import io.slotway.protocol.Replies;
import io.slotway.protocol.Request;
import io.slotway.session.Client;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code AUTH [username] password}. Without {@code auth} configured, answers as a Redis without a password does;
 * with it, logs the client in or refuses with {@code -WRONGPASS}, counting and logging the failure (never the
 * password).
 */
final class AuthCommand implements LocalCommand {

    private static final Logger log = LoggerFactory.getLogger(AuthCommand.class);
    static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";

    private final Authenticator authenticator;

    /** {@code authenticator} is null when no downstream authentication is configured. */
    AuthCommand(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void execute(Client client, Request request) {
        if (request.count() > 3) {
            client.answer(Replies.error(client.alloc(), Errors.SYNTAX));
            return;
        }
        String username = request.count() == 3 ? request.argString(1) : null;
        byte[] password = request.copy(request.count() - 1);
        client.answer(authenticator == null ? unconfigured(client, username)
                : login(client, authenticator, username, password));
    }

    /**
     * Shared with HELLO's AUTH option: logs in, or counts and logs the failure; returns the error or null. Without
     * {@code auth} configured only the default user exists, and needs no password.
     */
    static String authenticate(Client client, Authenticator authenticator, String username, byte[] password) {
        if (authenticator == null) {
            return username == null || Authenticator.DEFAULT_USER.equals(username) ? null : WRONGPASS;
        }
        Authenticator.User user = authenticator.login(username, password);
        if (user == null) {
            client.metrics().authFailed();
            log.warn("client {} failed to authenticate as user '{}'", client.address(),
                    username == null ? Authenticator.DEFAULT_USER : username);
            return WRONGPASS;
        }
        client.loggedIn(user);
        return null;
    }

    private static ByteBuf login(Client client, Authenticator authenticator, String username, byte[] password) {
        String error = authenticate(client, authenticator, username, password);
        return error == null ? Replies.shared(Replies.OK) : Replies.error(client.alloc(), error);
    }

    private static ByteBuf unconfigured(Client client, String username) {
        if (username == null) {
            return Replies.error(client.alloc(), "ERR AUTH <password> called without any password configured "
                    + "for the default user. Are you sure your configuration is correct?");
        }
        return Authenticator.DEFAULT_USER.equals(username) ? Replies.shared(Replies.OK)
                : Replies.error(client.alloc(), WRONGPASS);
    }
}
