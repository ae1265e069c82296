package io.slotway.session;

/**
 * Per-client bounds a session enforces (pending requests; unread output past which a client is closed, 0 for
 * none), and the cap on a merged fan-out reply.
 */
public record ClientSettings(int maxPendingRequests, long maxFanoutReplyBytes, long clientOutputBuffer) {
}
