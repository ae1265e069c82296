/**
 * Pub/sub: a client's subscriptions (RESP2's subscribed mode) fanned in, per event loop, over one subscriber
 * connection per node, with channels and patterns counted across the loop's clients.
 */
package io.slotway.pubsub;
