package io.slotway.local;

import io.slotway.auth.Authenticator;
import io.slotway.command.Errors;
import io.slotway.protocol.Request;
import io.slotway.session.ClientDescription;

import java.util.Locale;

/**
 * Which clients CLIENT KILL closes, read as Redis 7.0 reads its arguments: the old form {@code CLIENT KILL ip:port}
 * (which may kill the caller), or option pairs ID, TYPE, ADDR, LADDR, USER, SKIPME, and MAXAGE (from Redis 7.4). A
 * filter that could not be read carries Redis's error instead.
 */
final class ClientFilter {

    private final boolean oldForm;
    private long id;
    private String type;
    private String address;
    private String localAddress;
    private String user;
    private boolean skipMe = true;
    private long maxAgeSeconds;
    private String error;

    private ClientFilter(boolean oldForm) {
        this.oldForm = oldForm;
    }

    static ClientFilter parse(Request request, Authenticator authenticator) {
        if (request.count() == 3) {
            ClientFilter filter = new ClientFilter(true);
            filter.address = request.argString(2);
            filter.skipMe = false;
            return filter;
        }
        ClientFilter filter = new ClientFilter(false);
        // Pairs from argument 2; the index moves forward by two, bounded by the argument count.
        for (int i = 2; i < request.count() && filter.error == null; i += 2) {
            if (i + 1 >= request.count()) {
                filter.error = Errors.SYNTAX;
                break;
            }
            String option = request.argString(i).toLowerCase(Locale.ROOT);
            String value = request.argString(i + 1);
            switch (option) {
                case "id" -> {
                    filter.id = request.parseLong(i + 1, 0);
                    filter.error = filter.id > 0 ? null : "ERR client-id should be greater than 0";
                }
                case "type" -> {
                    filter.type = type(value);
                    filter.error = filter.type != null ? null : "ERR Unknown client type '" + value + "'";
                }
                case "addr" -> filter.address = value;
                case "laddr" -> filter.localAddress = value;
                case "user" -> {
                    filter.user = value;
                    boolean known = authenticator == null ? value.equals("default") : authenticator.user(value) != null;
                    filter.error = known ? null : "ERR No such user '" + value + "'";
                }
                case "skipme" -> {
                    filter.skipMe = value.equalsIgnoreCase("yes");
                    filter.error = filter.skipMe || value.equalsIgnoreCase("no") ? null : Errors.SYNTAX;
                }
                case "maxage" -> {
                    filter.maxAgeSeconds = request.parseLong(i + 1, -1);
                    filter.error = filter.maxAgeSeconds >= 0 ? null : Errors.NOT_INTEGER;
                }
                default -> filter.error = Errors.SYNTAX;
            }
        }
        return filter;
    }

    /** Redis's client type for {@code name}, case-insensitively ({@code slave} is {@code replica}); null if none. */
    static String type(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "normal", "pubsub", "master" -> name.toLowerCase(Locale.ROOT);
            case "replica", "slave" -> "replica";
            default -> null;
        };
    }

    /** Slotway's clients are normal or subscribers; no replica or master ever connects to it. */
    static boolean isType(ClientDescription client, String type) {
        return switch (type) {
            case "normal" -> !client.subscriber();
            case "pubsub" -> client.subscriber();
            default -> false;
        };
    }

    boolean matches(ClientDescription client, long callerId) {
        return (address == null || address.equals(client.address()))
                && (localAddress == null || localAddress.equals(client.localAddress()))
                && (type == null || isType(client, type))
                && (id == 0 || id == client.id())
                && (user == null || user.equals(client.user()))
                && (maxAgeSeconds == 0 || client.ageSeconds() > maxAgeSeconds)
                && !(skipMe && client.id() == callerId);
    }

    /** {@code CLIENT KILL ip:port}: answered {@code +OK} or {@code No such client}, not with a count. */
    boolean oldForm() {
        return oldForm;
    }

    /** Redis's error for arguments it cannot read, or null. */
    String error() {
        return error;
    }
}
