package io.slotway.server;

/** Per-client bounds the sessions enforce, and the cap on a merged fan-out reply. */
record Settings(int maxPendingRequests, long maxFanoutReplyBytes) {
}
