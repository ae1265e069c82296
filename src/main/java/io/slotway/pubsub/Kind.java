package io.slotway.pubsub;

import java.nio.charset.StandardCharsets;

/** The three kinds of subscription, each with the commands and frames Redis names it by. */
public enum Kind {
    CHANNEL("subscribe", "unsubscribe", "message"),
    PATTERN("psubscribe", "punsubscribe", "pmessage"),
    SHARD("ssubscribe", "sunsubscribe", "smessage");

    private final String subscribe;
    private final String unsubscribe;
    private final String message;
    private final byte[] subscribeCommand;
    private final byte[] unsubscribeCommand;

    Kind(String subscribe, String unsubscribe, String message) {
        this.subscribe = subscribe;
        this.unsubscribe = unsubscribe;
        this.message = message;
        this.subscribeCommand = subscribe.toUpperCase().getBytes(StandardCharsets.US_ASCII);
        this.unsubscribeCommand = unsubscribe.toUpperCase().getBytes(StandardCharsets.US_ASCII);
    }

    /** The command, and its acknowledgement's first element, e.g. {@code psubscribe}. */
    public String subscribe() {
        return subscribe;
    }

    public String unsubscribe() {
        return unsubscribe;
    }

    byte[] subscribeCommand() {
        return subscribeCommand;
    }

    byte[] unsubscribeCommand() {
        return unsubscribeCommand;
    }

    /** The kind a published frame belongs to, from its first element; null for anything else. */
    static Kind ofMessage(String first) {
        for (Kind kind : values()) {
            if (kind.message.equals(first)) {
                return kind;
            }
        }
        return null;
    }
}
