package io.slotway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP server for what a real Redis cannot be made to do: accept and never answer, answer late, answer garbage.
 * Every received byte is kept; replies are written only when the test says so.
 */
public final class FakeUpstream implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
    private final Thread acceptor;
    private final java.util.Map<Socket, java.util.concurrent.CountDownLatch> closedByPeer =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<Socket, StringBuffer> received = new java.util.concurrent.ConcurrentHashMap<>();

    public FakeUpstream() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "fake-upstream-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.add(socket);
                closedByPeer.put(socket, new java.util.concurrent.CountDownLatch(1));
                // Drain what arrives so the sender never blocks, keeping it for awaitReceived; registered before
                // the socket is handed out, so a caller always finds it.
                StringBuffer received = new StringBuffer();
                this.received.put(socket, received);
                accepted.add(socket);
                Thread reader = new Thread(() -> {
                    drain(socket, received);
                    closedByPeer.get(socket).countDown();
                }, "fake-upstream-reader");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void drain(Socket socket, StringBuffer received) {
        byte[] buffer = new byte[8192];
        try (InputStream in = socket.getInputStream()) {
            // Bounded by the connection: ends when the proxy closes it.
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                received.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
            }
        } catch (IOException ignored) {
            // closed
        }
    }

    /** Waits until the proxy has sent {@code text} on {@code socket}; false if not within the timeout. */
    public boolean awaitReceived(Socket socket, String text, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        // Bounded by the timeout, 10 ms a try.
        while (received.get(socket).indexOf(text) < 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Waits for the next connection from the proxy. */
    public Socket nextConnection(long timeoutMillis) throws InterruptedException {
        Socket socket = accepted.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (socket == null) {
            throw new AssertionError("no connection within " + timeoutMillis + " ms");
        }
        return socket;
    }

    /** The next connection from the proxy, or null if none comes within the timeout. */
    public Socket pollConnection(long timeoutMillis) throws InterruptedException {
        return accepted.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Connections accepted so far. */
    public int acceptedCount() {
        return connections.size();
    }

    /** True once the proxy closed {@code socket} (its end of the stream was reached) within the timeout. */
    public boolean awaitClosedByProxy(Socket socket, long timeoutMillis) throws InterruptedException {
        return closedByPeer.get(socket).await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    public static void reply(Socket socket, String resp) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(resp.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : connections) {
            try {
                socket.close();
            } catch (SocketException ignored) {
                // already closed
            }
        }
        acceptor.interrupt();
    }
}
