package io.slotway.server;

/**
 * Per-client bounds the sessions enforce (pending requests; unread output past which a client is closed, 0 for
 * none), and the cap on a merged fan-out reply.
 */
record Settings(int maxPendingRequests, long maxFanoutReplyBytes, long clientOutputBuffer) {
}
