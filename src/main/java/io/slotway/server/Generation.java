package io.slotway.server;

import io.slotway.config.SlotwayConfig;
import io.slotway.protocol.Limits;
import io.slotway.tls.ServerTls;

/**
 * Everything a config reload replaces, as one value: each event loop switches to a new generation on its own
 * thread, so requests read it without locks, and a request sees one generation from start to end.
 * {@code authenticator} is null when clients need not log in; {@code tls} null when the main listener is plain.
 */
record Generation(long number, SlotwayConfig config, ServerFacts facts, CommandDispatcher dispatcher,
                  Authenticator authenticator, Settings settings, Limits limits, ServerTls tls) {
}
