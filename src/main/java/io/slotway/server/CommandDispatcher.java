package io.slotway.server;

import io.slotway.command.CommandFlag;
import io.slotway.command.CommandSpec;
import io.slotway.command.CommandTable;
import io.slotway.config.CommandsConfig;
import io.slotway.protocol.Replies;
import io.slotway.protocol.Request;
import io.slotway.route.Routes;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Decides what happens to each request, from the command table: unknown or malformed commands are answered with
 * Redis's own errors, connection-level commands are answered locally, commands that need a dedicated connection
 * are refused, and everything else is forwarded. Shared by all event loops; holds no mutable state.
 */
final class CommandDispatcher {

    private final CommandTable table;
    private final Routes routes;
    private final Map<CommandSpec, LocalCommand> locals = new IdentityHashMap<>();
    private final UnsupportedCommands unsupported = new UnsupportedCommands();
    private final RequestRouter router;
    /** KEYS when {@code commands.keys_policy: deny}, else null. */
    private final CommandSpec keys;
    private final CommandPolicy policy;
    private final Authenticator authenticator;

    /** {@code authenticator} is null when clients need not log in. */
    CommandDispatcher(CommandTable table, Routes routes, CommandsConfig commands, Authenticator authenticator) {
        this.authenticator = authenticator;
        this.table = table;
        this.keys = commands.allowKeys() ? null : table.lookup("keys");
        this.policy = new CommandPolicy(table, commands);
        this.routes = routes;
        this.router = new RequestRouter(routes, table.lookup("info"));
        Map<String, LocalCommand> byName = new HashMap<>();
        BasicCommands.register(byName);
        byName.put("hello", new HelloCommand(authenticator));
        byName.put("auth", new AuthCommand(authenticator));
        byName.put("client", new ClientCommand());
        byName.put("command", new CommandCommand(table, routes));
        byName.put("cluster", new ClusterCommand());
        byName.forEach((name, command) -> {
            CommandSpec spec = table.lookup(name);
            if (spec == null) {
                throw new IllegalStateException("local command missing from the command table: " + name);
            }
            locals.put(spec, command);
        });
    }

    /** Takes ownership of {@code request}. */
    void dispatch(ClientSession session, Request request) {
        CommandSpec spec = table.lookup(request);
        session.started(spec);
        if (spec == null) {
            reject(session, request, Errors.unknownCommand(request));
            return;
        }
        if (!spec.arityAccepts(request.count())) {
            reject(session, request, Errors.wrongArity(spec));
            return;
        }
        CommandSpec sub = spec.isContainer() ? spec.subcommand(request) : null;
        if (authenticator != null && !permitted(session, request, spec, sub)) {
            return;
        }
        if (policy.denies(spec, sub)) {
            if (sub != null) {
                session.started(sub);
            }
            session.denied();
            reject(session, request, CommandPolicy.error(spec, sub));
            return;
        }
        LocalCommand local = locals.get(spec);
        if (local == null && spec.isContainer()) {
            if (sub == null) {
                reject(session, request, Errors.unknownSubcommand(spec, request));
                return;
            }
            if (!sub.arityAccepts(request.count())) {
                reject(session, request, Errors.wrongArity(sub));
                return;
            }
            spec = sub;
            session.started(spec);
        }
        if (local != null) {
            try {
                local.execute(session, request);
            } finally {
                request.release();
            }
            return;
        }
        if (spec == keys) {
            reject(session, request, "ERR KEYS is disabled here (commands.keys_policy: deny); iterate with SCAN");
            return;
        }
        String reason = unsupported.reason(spec, request);
        if (reason != null) {
            reject(session, request, Errors.unsupported(request, reason));
            return;
        }
        router.route(session, request, spec);
    }

    /**
     * Before logging in only AUTH, HELLO and QUIT run (Redis's no_auth commands); after, only what the user's
     * rules allow. Refuses (taking the request) and returns false otherwise: nothing reaches an upstream.
     */
    private static boolean permitted(ClientSession session, Request request, CommandSpec spec, CommandSpec sub) {
        Authenticator.User user = session.user();
        if (user == null) {
            if (spec.has(CommandFlag.NO_AUTH)) {
                return true;
            }
            reject(session, request, "NOAUTH Authentication required.");
            return false;
        }
        CommandSpec checked = sub != null ? sub : spec;
        if (user.permissions().allows(checked)) {
            return true;
        }
        reject(session, request, "NOPERM this user has no permissions to run the '" + checked.name()
                + "' command");
        return false;
    }

    private static void reject(ClientSession session, Request request, String error) {
        try {
            session.answer(Replies.error(session.alloc(), error));
        } finally {
            request.release();
        }
    }
}
