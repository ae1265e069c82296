package io.slotway.config;

/**
 * Which of Netty's I/O transports the event loops use ({@code transport:}): {@code auto} takes the fastest that
 * loads on this machine; naming one that cannot load is a startup error, not a silent fallback.
 */
public enum TransportChoice {
    AUTO("auto"), IO_URING("io_uring"), EPOLL("epoll"), NIO("nio");

    private final String configName;

    TransportChoice(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** The choice a config spells {@code name}, or null. */
    public static TransportChoice named(String name) {
        for (TransportChoice choice : values()) {
            if (choice.configName.equals(name)) {
                return choice;
            }
        }
        return null;
    }
}
