package io.slotway.dispatch;

import io.slotway.command.CommandSpec;
import io.slotway.protocol.Request;
import io.slotway.session.Client;

/** What one table entry does once a request has passed every check: answer it, forward it, or refuse it. */
@FunctionalInterface
public interface CommandHandler {

    /** Takes ownership of {@code request}, which {@code spec} (a subcommand's own entry, if any) describes. */
    void handle(Client client, Request request, CommandSpec spec);
}
