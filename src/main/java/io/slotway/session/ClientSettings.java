package io.slotway.session;

import java.time.Duration;

/**
 * Per-client bounds a session enforces (pending requests; unread output past which a client is closed, 0 for
 * none), the cap on a merged fan-out reply, how many dedicated connections an event loop may open per node, and
 * the unread messages past which a subscriber is closed (at once past {@code pubsubOutput}, or past
 * {@code pubsubOutputSoft} for {@code pubsubOutputSoftTime}; 0 for none).
 */
public record ClientSettings(int maxPendingRequests, long maxFanoutReplyBytes, long clientOutputBuffer,
                             int dedicatedPerNode, long pubsubOutput, long pubsubOutputSoft,
                             Duration pubsubOutputSoftTime) {
}
