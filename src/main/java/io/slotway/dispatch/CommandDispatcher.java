package io.slotway.dispatch;

import io.slotway.auth.Authenticator;
import io.slotway.blocking.BlockingCommands;
import io.slotway.command.CommandFlag;
import io.slotway.command.CommandSpec;
import io.slotway.command.CommandTable;
import io.slotway.command.Errors;
import io.slotway.config.CommandsConfig;
import io.slotway.config.FaultConfig;
import io.slotway.fault.Faults;
import io.slotway.forward.ShardRouter;
import io.slotway.local.LocalCommand;
import io.slotway.local.LocalCommands;
import io.slotway.metrics.Metrics;
import io.slotway.monitor.MonitorCommand;
import io.slotway.protocol.Request;
import io.slotway.pubsub.Kind;
import io.slotway.pubsub.PubSub;
import io.slotway.route.Routes;
import io.slotway.session.Client;
import io.slotway.session.ClientMode;
import io.slotway.session.RequestHandler;
import io.slotway.tracking.TrackingCommands;
import io.slotway.transaction.Transactions;

import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Decides what happens to each request, from the command table: unknown or malformed commands get Redis's own
 * errors, then login and {@code commands.deny} are checked, then the handler of the resolved entry (a subcommand's
 * own, e.g. {@code client|id}) answers locally, refuses, or forwards. One per config generation, shared by every
 * event loop; holds no mutable state.
 */
public final class CommandDispatcher implements RequestHandler {

    private final CommandTable table;
    private final CommandPolicy policy;
    private final boolean loginRequired;
    /** What each entry does in the normal client mode; entries absent here are forwarded. */
    private final Map<CommandSpec, CommandHandler> handlers = new IdentityHashMap<>();
    /** For subcommands newer than the table, by container (CLIENT SETINFO, which Redis 7.2 clients send). */
    private final Map<CommandSpec, CommandHandler> newerSubcommands = new IdentityHashMap<>();
    private final CommandHandler forward;
    private final KeyRouting keyRouting;
    private final Faults faults;
    private final Transactions transactions;
    private final PubSub pubsub;
    private final MonitorCommand monitor;
    private final TrackingCommands tracking;
    /** What may run at once between MULTI and EXEC instead of being queued, and what is queued though answered here. */
    private final CommandSpec exec;
    private final CommandSpec discard;
    private final CommandSpec multi;
    private final CommandSpec watch;
    private final CommandSpec quit;
    private final CommandSpec reset;
    private final CommandSpec ping;
    private final CommandSpec echo;
    private final CommandSpec unwatch;
    private final CommandSpec select;

    /**
     * @param forward       sends a request to the shards that must see it
     * @param authenticator null when clients need not log in
     */
    public CommandDispatcher(CommandTable table, Routes routes, Faults faults, CommandsConfig commands,
                             LocalCommands locals,
                             CommandHandler forward, Transactions transactions, BlockingCommands blocking,
                             PubSub pubsub, MonitorCommand monitor, TrackingCommands tracking,
                             Authenticator authenticator) {
        this.monitor = monitor;
        this.tracking = tracking;
        this.keyRouting = new KeyRouting(routes);
        this.faults = faults;
        this.table = table;
        this.policy = new CommandPolicy(table, commands);
        this.loginRequired = authenticator != null;
        this.forward = forward;
        this.transactions = transactions;
        this.pubsub = pubsub;
        this.exec = table.lookup("exec");
        this.discard = table.lookup("discard");
        this.multi = table.lookup("multi");
        this.watch = table.lookup("watch");
        this.quit = table.lookup("quit");
        this.reset = table.lookup("reset");
        this.ping = table.lookup("ping");
        this.echo = table.lookup("echo");
        this.unwatch = table.lookup("unwatch");
        this.select = table.lookup("select");
        UnsupportedCommands.register(table, handlers);
        for (CommandSpec spec : table.all()) {
            if (spec.has(CommandFlag.BLOCKING) && !handlers.containsKey(spec)) {
                // XREAD without BLOCK, and arguments Redis rejects at once, are ordinary commands.
                handlers.put(spec, (client, request, entry) -> {
                    if (!blocking.run(client, request, entry)) {
                        forward.handle(client, request, entry);
                    }
                });
            }
        }
        if (!commands.allowKeys()) {
            handlers.put(table.lookup("keys"),
                    Refusal.always("ERR KEYS is disabled here (commands.keys_policy: deny); iterate with SCAN"));
        }
        // Local answers win over refusals: CLIENT ID is answered although the rest of CLIENT is refused.
        locals.bySpec().forEach((spec, local) -> handlers.put(spec, answering(local)));
        locals.newerSubcommands().forEach((container, local) -> newerSubcommands.put(container, answering(local)));
        handlers.put(multi, (client, request, spec) -> transactions.multi(client, request));
        handlers.put(exec, (client, request, spec) -> transactions.exec(client, request));
        handlers.put(discard, (client, request, spec) -> transactions.discard(client, request));
        handlers.put(table.lookup("monitor"), (client, request, spec) -> monitor.monitor(client, request));
        handlers.put(table.lookup("client|tracking"), (client, request, spec) -> tracking.tracking(client, request));
        handlers.put(table.lookup("client|caching"), (client, request, spec) -> tracking.caching(client, request));
        handlers.put(table.lookup("client|getredir"), (client, request, spec) -> tracking.redirect(client, request));
        handlers.put(table.lookup("client|trackinginfo"), (client, request, spec) -> tracking.info(client, request));
        handlers.put(table.lookup("client|unblock"), (client, request, spec) -> blocking.unblock(client, request));
        handlers.put(watch, transactions::watch);
        handlers.put(unwatch, (client, request, spec) -> transactions.unwatch(client, request));
        for (String sub : new String[] {"channels", "numsub", "numpat", "shardchannels", "shardnumsub"}) {
            handlers.put(table.lookup("pubsub|" + sub), (client, request, spec) -> pubsub.introspect(client, request,
                    sub));
        }
        for (Kind kind : Kind.values()) {
            handlers.put(table.lookup(kind.subscribe()), (client, request, spec) -> pubsub.subscribe(client, request,
                    kind));
            handlers.put(table.lookup(kind.unsubscribe()), (client, request, spec) -> pubsub.unsubscribe(client,
                    request, kind));
        }
    }

    /** A local command borrows the request; it is released once answered. */
    private static CommandHandler answering(LocalCommand local) {
        return (client, request, spec) -> {
            try {
                local.execute(client, request);
            } finally {
                request.release();
            }
        };
    }

    @Override
    public void handle(Client client, Request request) {
        CommandSpec spec = table.lookup(request);
        client.started(spec);
        try {
            check(client, request, spec);
        } finally {
            client.state().commandEnded();
            if (client.state().tracking() != null) {
                tracking.ended(client, spec);
            }
        }
    }

    /** Refuses what may not run (unknown, arity, login, commands.deny), and dispatches the rest. */
    private void check(Client client, Request request, CommandSpec spec) {
        if (spec == null) {
            Refusal.refuse(client, request, Errors.unknownCommand(request));
            return;
        }
        if (!spec.arityAccepts(request.count())) {
            refuseCommand(client, request, spec, Errors.wrongArity(spec));
            return;
        }
        CommandSpec sub = spec.isContainer() && request.count() > 1 ? spec.subcommand(request) : null;
        if (sub != null) {
            client.started(sub);
        }
        if (loginRequired) {
            String refusal = permission(client, spec, sub);
            if (refusal != null) {
                refuseCommand(client, request, spec, refusal);
                return;
            }
        }
        if (policy.denies(spec, sub)) {
            client.denied();
            refuseCommand(client, request, spec, CommandPolicy.error(spec, sub));
            return;
        }
        CommandSpec entry = sub != null ? sub : spec;
        if (injectedError(client, request, entry)) {
            return;
        }
        // Taken before the command runs and lets go of its request; fed to monitors once it has run.
        String monitored = monitor.shows(entry) ? monitor.arguments(request) : null;
        Request routed = keyRouting.route(client, request, entry,
                ShardRouter.splits(entry) && !Transactions.queueing(client));
        if (routed == null) {
            return;
        }
        if (client.state().tracking() != null) {
            // Before it runs: a change right after the read must find the key already remembered.
            tracking.observe(client, routed, entry);
        }
        if (dispatch(client, routed, spec, sub) && monitored != null) {
            monitor.ran(client, monitored);
        }
    }

    /**
     * Fault injection: answers {@code Fault Injected: Error} when an error fault picks this command (it does not
     * run); a delay fault holds its answer, which the client's state carries to the exchange that answers it.
     */
    private boolean injectedError(Client client, Request request, CommandSpec entry) {
        // EXEC and DISCARD end a transaction whatever happens: an injected error must not leave it open.
        FaultConfig fault = (entry == exec || entry == discard) && Transactions.queueing(client) ? null
                : faults.pick(entry);
        if (fault == null) {
            return false;
        }
        client.metrics().command(entry.name()).fault(fault.type() == FaultConfig.Type.DELAY);
        if (fault.type() == FaultConfig.Type.ERROR) {
            Refusal.refuse(client, request, Faults.ERROR);
            return true;
        }
        // The command's arrival reset the delay to none.
        client.state().faultDelayNanos(fault.delay().toNanos());
        return false;
    }

    /** Whether the command ran (or was queued in MULTI): what monitors are shown, as Redis shows them. */
    private boolean dispatch(Client client, Request request, CommandSpec spec, CommandSpec sub) {
        if (sub != null) {
            if (!sub.arityAccepts(request.count())) {
                return Refusal.refuse(client, request, Errors.wrongArity(sub));
            }
            return run(client, request, sub, handlers.getOrDefault(sub, forward));
        } else if (spec.isContainer() && request.count() > 1) {
            CommandHandler newer = newerSubcommands.get(spec);
            return newer == null ? Refusal.refuse(client, request, Errors.unknownSubcommand(spec, request))
                    : run(client, request, spec, newer);
        }
        return run(client, request, spec, handlers.getOrDefault(spec, forward));
    }

    /** Runs {@code handler}, or between MULTI and EXEC queues the command or refuses it as Redis would. */
    private boolean run(Client client, Request request, CommandSpec entry, CommandHandler handler) {
        if (MonitorCommand.monitoring(client)) {
            if (MonitorCommand.allowedWhileMonitoring(entry)) {
                return ran(handler, client, request, entry);
            } else {
                return Refusal.refuse(client, request, MonitorCommand.notAllowed());
            }
        } else if (PubSub.subscribed(client) && client.state().protocol() == 3) {
            // RESP3 keeps messages apart from replies, so any command runs; but a client holds one mode at a time.
            if (entry == multi || entry == watch) {
                return Refusal.refuse(client, request, PubSub.notWhileSubscribed(entry));
            } else {
                return ran(handler, client, request, entry);
            }
        } else if (PubSub.subscribed(client)) {
            if (!PubSub.allowedWhileSubscribed(entry)) {
                return Refusal.refuse(client, request, PubSub.notAllowed(entry));
            } else if (entry == ping) {
                pubsub.ping(client, request);
                return true;
            } else {
                return ran(handler, client, request, entry);
            }
        } else if (!Transactions.queueing(client) || entry == exec || entry == discard || entry == multi || entry == quit
                || entry == reset) {
            return ran(handler, client, request, entry);
        } else if (entry == watch) {
            transactions.watchInside(client, request);
            return false;
        } else if (handler == forward || entry == ping || entry == echo || entry == unwatch || entry == select
                || entry.has(CommandFlag.BLOCKING)) {
            // Blocking commands do not block inside a transaction: Redis runs them at once. SELECT runs inside it.
            transactions.queue(client, request, entry);
            return true;
        } else {
            return Refusal.refuse(client, request, "ERR " + entry.name().replace('|', ' ').toUpperCase(Locale.ROOT)
                    + " is not supported by Slotway inside a transaction");
        }
    }

    /** Runs {@code handler}; false when it only refuses (an unsupported command), so monitors are not shown it. */
    private static boolean ran(CommandHandler handler, Client client, Request request, CommandSpec entry) {
        handler.handle(client, request, entry);
        return !(handler instanceof Refusal.Handler);
    }

    /** As {@link #refuse}, but a refused EXEC ends the transaction there, as Redis ends it. */
    private void refuseCommand(Client client, Request request, CommandSpec spec, String error) {
        if (spec == exec && Transactions.queueing(client)) {
            client.state().mode(ClientMode.NORMAL);
            client.metrics().transactionEnded(Metrics.TransactionEnd.ABORTED);
            Refusal.reject(client, request, "EXECABORT Transaction discarded because of: "
                    + (error.startsWith("ERR ") ? error.substring(4) : error));
        } else {
            Refusal.refuse(client, request, error);
        }
    }

    /**
     * Why {@code client} may not run the command, or null: AUTH, HELLO and QUIT (Redis's no_auth commands) always
     * run, so any user can log in as another; other commands need a login and the user's rules to allow them.
     */
    private static String permission(Client client, CommandSpec spec, CommandSpec sub) {
        if (spec.has(CommandFlag.NO_AUTH)) {
            return null;
        }
        Authenticator.User user = client.user();
        if (user == null) {
            return "NOAUTH Authentication required.";
        }
        CommandSpec checked = sub != null ? sub : spec;
        return user.permissions().allows(checked) ? null
                : "NOPERM this user has no permissions to run the '" + checked.name() + "' command";
    }
}
