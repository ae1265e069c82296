package io.slotway.server;

import io.netty.buffer.ByteBuf;
import io.slotway.protocol.Replies;
import io.slotway.protocol.Request;
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
    public void execute(ClientSession session, Request request) {
        if (request.count() > 3) {
            session.answer(Replies.error(session.alloc(), "ERR syntax error"));
            return;
        }
        String username = request.count() == 3 ? request.argString(1) : null;
        byte[] password = request.copy(request.count() - 1);
        session.answer(authenticator == null ? unconfigured(session, username) : login(session, username, password));
    }

    /** Shared with HELLO's AUTH option: logs in, or counts and logs the failure; returns the error or null. */
    static String authenticate(ClientSession session, Authenticator authenticator, String username,
                               byte[] password) {
        Authenticator.User user = authenticator.login(username, password);
        if (user == null) {
            session.authFailed();
            log.warn("client {} failed to authenticate as user '{}'", session.address(),
                    username == null ? Authenticator.DEFAULT_USER : username);
            return WRONGPASS;
        }
        session.loggedIn(user);
        return null;
    }

    private static ByteBuf login(ClientSession session, String username, byte[] password) {
        String error = authenticate(session, session.authenticator(), username, password);
        return error == null ? Replies.shared(Replies.OK) : Replies.error(session.alloc(), error);
    }

    private static ByteBuf unconfigured(ClientSession session, String username) {
        if (username == null) {
            return Replies.error(session.alloc(), "ERR AUTH <password> called without any password configured "
                    + "for the default user. Are you sure your configuration is correct?");
        }
        return Authenticator.DEFAULT_USER.equals(username) ? Replies.shared(Replies.OK)
                : Replies.error(session.alloc(), WRONGPASS);
    }
}
