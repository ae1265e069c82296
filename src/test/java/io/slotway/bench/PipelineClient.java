package io.slotway.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A client that allocates nothing per round trip, so a benchmark's {@code gc.alloc.rate.norm} is the proxy's own:
 * commands are prebuilt in a direct buffer, replies are read into another and only counted (their length is known).
 */
public final class PipelineClient implements AutoCloseable {

    private final SocketChannel channel;
    private final ByteBuffer replies = ByteBuffer.allocateDirect(256 * 1024);

    public PipelineClient(int port) throws IOException {
        channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        channel.socket().setTcpNoDelay(true);
    }

    /** Sends {@code commands} whole and reads exactly {@code expectedReplyBytes} back. */
    public int roundTrip(ByteBuffer commands, int expectedReplyBytes) throws IOException {
        commands.rewind();
        // Bounded: a blocking write sends everything or throws.
        while (commands.hasRemaining()) {
            channel.write(commands);
        }
        int received = 0;
        // Bounded by the expected length; a closed connection throws.
        while (received < expectedReplyBytes) {
            replies.clear();
            int read = channel.read(replies);
            if (read < 0) {
                throw new IOException("the proxy closed the connection");
            }
            received += read;
        }
        if (received != expectedReplyBytes) {
            throw new IllegalStateException("expected " + expectedReplyBytes + " reply bytes, got " + received);
        }
        return received;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
