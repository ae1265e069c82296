package io.slotway.auth;

/**
 * Who one client is logged in as. Looked up again by name whenever the config generation changes, so a reload
 * applies changed rules to clients already logged in and logs out users it removed, as Redis does for ACL changes.
 * A client is the default user while no login is needed, as in Redis without a password. Used on one event loop.
 */
public final class Login {

    /** Null: nobody has logged in. */
    private Authenticator.User user;
    /** The generation {@link #user} was looked up in. */
    private long generation;

    /** {@code authenticator} is generation {@code number}'s, null when it needs no login. */
    public Login(long number, Authenticator authenticator) {
        reset(number, authenticator);
    }

    /** Back to a new connection's login (RESET): the default user when no login is needed, else nobody. */
    public void reset(long number, Authenticator authenticator) {
        this.user = authenticator == null ? Authenticator.UNRESTRICTED : null;
        this.generation = number;
    }

    /** The user as generation {@code number} (with {@code authenticator}) knows it; null when one must log in. */
    public Authenticator.User user(long number, Authenticator authenticator) {
        if (generation != number) {
            generation = number;
            if (authenticator == null) {
                user = Authenticator.UNRESTRICTED;
            } else if (user != null) {
                user = authenticator.user(user.name());
            }
        }
        return user;
    }

    public void loggedIn(Authenticator.User user, long number) {
        this.user = user;
        this.generation = number;
    }
}
