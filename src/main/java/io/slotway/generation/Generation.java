package io.slotway.generation;

import io.slotway.auth.Authenticator;
import io.slotway.config.SlotwayConfig;
import io.slotway.dispatch.CommandDispatcher;
import io.slotway.local.ServerFacts;
import io.slotway.protocol.Limits;
import io.slotway.route.Routes;
import io.slotway.session.ClientSettings;
import io.slotway.session.RequestHandler;
import io.slotway.session.Served;
import io.slotway.tls.ServerTls;

/**
 * Everything a config reload replaces, as one value: each event loop switches to a new generation on its own
 * thread, so requests read it without locks, and a request sees one generation from start to end.
 * {@code authenticator} is null when clients need not log in; {@code tls} null when the main listener is plain.
 */
public record Generation(long number, SlotwayConfig config, Routes routes, ServerFacts facts,
                         CommandDispatcher dispatcher, Authenticator authenticator, ClientSettings settings,
                         Limits limits, ServerTls tls)
        implements Served {

    @Override
    public RequestHandler handler() {
        return dispatcher;
    }
}
