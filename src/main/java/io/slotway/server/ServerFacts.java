package io.slotway.server;

import io.slotway.route.Routes;

/**
 * What local commands report about the deployment: the routes, and what the default upstream's nodes said
 * about themselves at start (version for HELLO, database count for SELECT).
 */
record ServerFacts(Routes routes, String redisVersion, int databases) {
}
