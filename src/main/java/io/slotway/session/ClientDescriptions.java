package io.slotway.session;

import io.netty.channel.Channel;
import io.netty.channel.unix.UnixChannel;
import io.slotway.auth.Authenticator;

import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

/** Takes a {@link ClientDescription} from a session's parts, on the client's event loop. */
final class ClientDescriptions {

    private ClientDescriptions() {
    }

    static ClientDescription of(ClientState state, String address, Authenticator.User user, Channel channel,
                                ReplyQueue replies, CurrentCommand command, boolean blocked, long activeNanos) {
        long now = System.nanoTime();
        ClientMode mode = state.mode();
        TrackingState tracking = state.tracking();
        String flags = mode.flags() + (blocked ? "b" : "") + (tracking == null ? "" : tracking.flags());
        int[] subscriptions = mode.subscriptions();
        long lastCommand = command.lastStartNanos() == 0 ? activeNanos : command.lastStartNanos();
        return new ClientDescription(state.id(), address,
                channel == null ? "?" : address(channel.localAddress()),
                channel instanceof UnixChannel unix && unix.fd().isOpen() ? unix.fd().intValue() : -1,
                state.nameString() == null ? "" : state.nameString(), seconds(now - activeNanos),
                seconds(now - lastCommand), flags.isEmpty() ? "N" : flags, state.database(), subscriptions[0],
                subscriptions[1], subscriptions[2], mode.queuedCommands(), replies == null ? 0 : replies.size(),
                replies == null ? 0 : replies.unsentBytes(), command.lastName(),
                user == null ? "default" : user.name(), tracking == null ? -1 : tracking.redirect(), state.protocol());
    }

    private static long seconds(long nanos) {
        return TimeUnit.NANOSECONDS.toSeconds(Math.max(0, nanos));
    }

    /** As Redis writes an address: {@code ip:port}, no leading slash. */
    static String address(SocketAddress address) {
        return String.valueOf(address).replaceFirst("^[^/]*/", "");
    }
}
