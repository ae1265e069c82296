package io.slotway.session;

/**
 * Per-client bounds a session enforces (pending requests; unread output past which a client is closed, 0 for
 * none), the cap on a merged fan-out reply, and how many dedicated connections an event loop may open per node.
 */
public record ClientSettings(int maxPendingRequests, long maxFanoutReplyBytes, long clientOutputBuffer,
                             int dedicatedPerNode) {
}
