package io.slotway.session;

/**
 * One client as CLIENT LIST and CLIENT INFO show it, taken on the client's event loop. {@code database} is -1 for
 * the upstream's configured one; {@code fd} -1 when the transport has none; {@code queued} -1 outside MULTI;
 * {@code redirect} -1 without tracking.
 */
public record ClientDescription(long id, String address, String localAddress, int fd, String name, long ageSeconds,
                                long idleSeconds, String flags, int database, int channels, int patterns,
                                int shardChannels, int queued, int pendingReplies, long outputBytes,
                                String lastCommand, String user, long redirect, int protocol) {

    /** Subscribed to anything: CLIENT LIST's {@code TYPE pubsub}. */
    public boolean subscriber() {
        return channels + patterns + shardChannels > 0;
    }
}
