package io.slotway.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens many client connections, checks each with one PING, then keeps them idle so the proxy's memory per idle
 * client can be read from outside. Prints "ready N" once all are open, then holds them for the given seconds.
 *
 * <p>Arguments: port, connection count, seconds to hold.
 */
public final class IdleClients {

    private IdleClients() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        long holdMillis = Long.parseLong(args[2]) * 1000;
        ByteBuffer ping = ByteBuffer.wrap("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer pong = ByteBuffer.allocate(16);
        List<SocketChannel> open = new ArrayList<>(count);
        try {
            // Bounded by the count; each connect and read is blocking with the kernel's own timeouts.
            for (int i = 0; i < count; i++) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                open.add(channel);
                channel.write(ping.duplicate());
                pong.clear();
                while (pong.position() < 7) {
                    if (channel.read(pong) < 0) {
                        throw new IOException("connection " + i + " closed by the proxy");
                    }
                }
            }
            System.out.println("ready " + open.size());
            Thread.sleep(holdMillis);
        } finally {
            for (SocketChannel channel : open) {
                channel.close();
            }
        }
    }
}
