package io.slotway.server;

/**
 * Who one client is logged in as. Looked up again by name whenever the config generation changes, so a reload
 * applies changed rules to clients already logged in and logs out users it removed, as Redis does for ACL changes.
 * A client is the default user while no login is needed, as in Redis without a password. Used on one event loop.
 */
final class Login {

    /** Null: nobody has logged in. */
    private Authenticator.User user;
    /** The generation {@link #user} was looked up in. */
    private long generation;

    Login(Generation current) {
        this.user = current.authenticator() == null ? Authenticator.UNRESTRICTED : null;
        this.generation = current.number();
    }

    /** The user as {@code current} knows it; null when the client must log in. */
    Authenticator.User user(Generation current) {
        if (generation != current.number()) {
            generation = current.number();
            if (current.authenticator() == null) {
                user = Authenticator.UNRESTRICTED;
            } else if (user != null) {
                user = current.authenticator().user(user.name());
            }
        }
        return user;
    }

    void loggedIn(Authenticator.User user, Generation current) {
        this.user = user;
        this.generation = current.number();
    }
}
