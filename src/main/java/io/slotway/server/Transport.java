package io.slotway.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.slotway.config.TransportChoice;

/** One of Netty's I/O transports: io_uring or epoll on Linux when they load, NIO anywhere. */
record Transport(String name, IoHandlerFactory ioHandlers, Class<? extends ServerChannel> serverChannel,
                 Class<? extends SocketChannel> socketChannel) {

    /**
     * The transport {@code choice} names; for {@code auto}, epoll where it loads, else NIO. epoll, not io_uring:
     * measured side by side (bench/RESULTS.md, issue 16), io_uring was not faster for a proxy's small reads and
     * writes on this kernel.
     *
     * @throws IllegalStateException when the transport named does not load here, saying why
     */
    static Transport of(TransportChoice choice) {
        return switch (choice) {
            case AUTO -> Epoll.isAvailable() ? epoll() : nio();
            case IO_URING -> {
                requireLoaded("io_uring", IoUring.isAvailable(), IoUring.unavailabilityCause());
                yield ioUring();
            }
            case EPOLL -> {
                requireLoaded("epoll", Epoll.isAvailable(), Epoll.unavailabilityCause());
                yield epoll();
            }
            case NIO -> nio();
        };
    }

    /** Checked before the transport's handler factory is made, so the error says why it does not load. */
    private static void requireLoaded(String name, boolean available, Throwable cause) {
        if (!available) {
            throw new IllegalStateException("transport: " + name + " does not load here: " + cause);
        }
    }

    private static Transport ioUring() {
        return new Transport("io_uring", IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class,
                IoUringSocketChannel.class);
    }

    private static Transport epoll() {
        return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class,
                EpollSocketChannel.class);
    }

    private static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class);
    }

    EventLoopGroup group(int threads, String name) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), ioHandlers);
    }
}
