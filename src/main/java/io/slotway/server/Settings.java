package io.slotway.server;

/** Per-client bounds the sessions enforce. */
record Settings(int maxPendingRequests) {
}
