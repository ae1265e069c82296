package io.slotway.local;

import io.netty.buffer.ByteBuf;
import io.slotway.auth.Authenticator;
import io.slotway.command.Errors;
import io.slotway.protocol.Replies;
import io.slotway.protocol.Request;
import io.slotway.protocol.RespWriter;
import io.slotway.session.Client;
import io.slotway.session.ClientDescription;
import io.slotway.session.ClientDirectory;
import io.slotway.session.PendingAnswer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * CLIENT LIST, CLIENT INFO, CLIENT KILL and CLIENT NO-EVICT on Slotway's own clients, in Redis 7.0's words and field
 * format: the clients a Redis behind Slotway would list are Slotway's clients, never its pooled upstream connections.
 * LIST and KILL visit every event loop, each over its own clients, and answer once all have.
 */
final class ClientListCommands {

    /** Visiting every loop takes microseconds; a loop that cannot run a task for this long is stuck. */
    private static final long VISIT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final ClientDirectory directory;
    private final ServerFacts facts;
    /** Null when clients need not log in: then the only user is {@code default}. */
    private final Authenticator authenticator;

    private ClientListCommands(ClientDirectory directory, ServerFacts facts, Authenticator authenticator) {
        this.directory = directory;
        this.facts = facts;
        this.authenticator = authenticator;
    }

    /** The subcommands answered here, by table name. */
    static Map<String, LocalCommand> commands(ClientDirectory directory, ServerFacts facts,
                                              Authenticator authenticator) {
        ClientListCommands commands = new ClientListCommands(directory, facts, authenticator);
        return Map.of(
                "client|info", (client, request) -> client.answer(commands.text(client,
                        commands.line(client.describe()) + "\n")),
                "client|list", commands::list,
                "client|kill", commands::kill,
                "client|no-evict", ClientListCommands::noEvict);
    }

    private void list(Client client, Request request) {
        Function<ClientDescription, Boolean> filter;
        // For LIST ID: the clients in the order the ids were given, as Redis lists them.
        List<Long> ids = new ArrayList<>();
        if (request.count() == 4 && request.equalsIgnoreCase(2, "TYPE")) {
            String type = ClientFilter.type(request.argString(3));
            if (type == null) {
                client.answer(Replies.error(client.alloc(), "ERR Unknown client type '" + request.argString(3) + "'"));
                return;
            }
            filter = description -> ClientFilter.isType(description, type);
        } else if (request.count() > 3 && request.equalsIgnoreCase(2, "ID")) {
            for (int i = 3; i < request.count(); i++) {
                long id = request.parseLong(i, Long.MIN_VALUE);
                if (id == Long.MIN_VALUE) {
                    client.answer(Replies.error(client.alloc(), "ERR Invalid client ID"));
                    return;
                }
                ids.add(id);
            }
            filter = description -> ids.contains(description.id());
        } else if (request.count() != 2) {
            client.answer(Replies.error(client.alloc(), Errors.SYNTAX));
            return;
        } else {
            filter = description -> true;
        }
        PendingAnswer answer = client.answerLater(request.retain(), VISIT_TIMEOUT_NANOS);
        directory.visit(clients -> {
            List<ClientDescription> found = new ArrayList<>();
            // Bounded by this loop's clients.
            for (Client each : clients) {
                ClientDescription description = each.describe();
                if (filter.apply(description)) {
                    found.add(description);
                }
            }
            return found;
        }).whenComplete((found, error) -> client.services().loop().execute(() -> {
            // Answered even when the deadline came first or the client left: the late answer is dropped, and the
            // pending answer ends exactly once.
            if (error != null) {
                answer.fail("ERR CLIENT LIST could not visit every event loop: " + error.getMessage());
                return;
            }
            StringBuilder text = new StringBuilder();
            List<ClientDescription> listed = ids.isEmpty() ? found.stream()
                    .sorted(Comparator.comparingLong(ClientDescription::id)).toList()
                    : ids.stream().flatMap(id -> found.stream().filter(each -> each.id() == id)).toList();
            listed.forEach(description -> text.append(line(description)).append('\n'));
            answer.answer(text(client, text.toString()));
        }));
    }

    private void kill(Client client, Request request) {
        ClientFilter filter = ClientFilter.parse(request, authenticator);
        if (filter.error() != null) {
            client.answer(Replies.error(client.alloc(), filter.error()));
            return;
        }
        long self = client.state().id();
        PendingAnswer answer = client.answerLater(request.retain(), VISIT_TIMEOUT_NANOS);
        directory.visit(clients -> {
            List<Long> killed = new ArrayList<>();
            // Bounded by this loop's clients.
            for (Client each : clients) {
                ClientDescription description = each.describe();
                if (filter.matches(description, self)) {
                    killed.add(description.id());
                    if (description.id() != self) {
                        each.kill();
                    }
                }
            }
            return killed;
        }).whenComplete((killed, error) -> client.services().loop().execute(() -> {
            // As for LIST: ended exactly once, even when late.
            if (error != null) {
                answer.fail("ERR CLIENT KILL could not visit every event loop: " + error.getMessage());
            } else if (filter.oldForm()) {
                answer.answer(killed.isEmpty() ? Replies.error(client.alloc(), "ERR No such client")
                        : Replies.shared(Replies.OK));
            } else {
                answer.answer(Replies.integer(client.alloc(), killed.size()));
            }
            if (killed != null && killed.contains(self)) {
                // As Redis closes a client that killed itself: once its reply is written.
                client.closeAfterReplies();
            }
        }));
    }

    /** Slotway never evicts a client to save memory, so either setting holds; accepted as Redis accepts it. */
    private static void noEvict(Client client, Request request) {
        if (request.equalsIgnoreCase(2, "ON") || request.equalsIgnoreCase(2, "OFF")) {
            client.answer(Replies.shared(Replies.OK));
        } else {
            client.answer(Replies.error(client.alloc(), Errors.SYNTAX));
        }
    }

    /** One client in Redis 7.0's CLIENT LIST format; buffers Slotway does not keep per client read 0. */
    String line(ClientDescription client) {
        int database = client.database() >= 0 ? client.database() : facts.defaultDatabase();
        return "id=" + client.id() + " addr=" + client.address() + " laddr=" + client.localAddress()
                + " fd=" + client.fd() + " name=" + client.name() + " age=" + client.ageSeconds()
                + " idle=" + client.idleSeconds() + " flags=" + client.flags() + " db=" + database
                + " sub=" + client.channels() + " psub=" + client.patterns() + " ssub=" + client.shardChannels()
                + " multi=" + client.queued() + " qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0"
                + " oll=" + client.pendingReplies() + " omem=" + client.outputBytes()
                + " tot-mem=" + client.outputBytes() + " events=r" + (client.outputBytes() > 0 ? "w" : "")
                + " cmd=" + client.lastCommand() + " user=" + client.user() + " redir=" + client.redirect()
                + " resp=" + client.protocol();
    }

    /** Text as Redis answers CLIENT LIST and INFO: verbatim in RESP3, a bulk string in RESP2. */
    private ByteBuf text(Client client, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteBuf out = client.alloc().buffer(bytes.length + 24);
        RespWriter.writeVerbatim(out, bytes, client.state().protocol());
        return out;
    }
}
