package io.slotway.config;

/** A TCP endpoint; {@code toString()} gives {@code host:port}, with brackets around IPv6 hosts. */
public record HostAndPort(String host, int port) {

    /**
     * Parses {@code host:port} or {@code [v6]:port}.
     *
     * @throws IllegalArgumentException with the problem worded for a config error ("port 70000 (expected: 1..65535)")
     */
    public static HostAndPort parse(String text) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("'" + text + "' is not host:port (expected e.g. [::1]:6379)");
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || text.indexOf(':') != colon) {
                throw new IllegalArgumentException("'" + text + "' is not host:port (expected e.g. 127.0.0.1:6379)");
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port '" + port + "' is not a number (expected: 1..65535)");
        }
        if (number < 0 || number > 65535) {
            throw new IllegalArgumentException("port " + number + " (expected: 1..65535)");
        }
        return new HostAndPort(host, number);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
