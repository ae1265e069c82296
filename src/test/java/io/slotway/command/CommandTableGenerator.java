package io.slotway.command;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.slotway.protocol.ReplyScanner;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the command table's resources from a live server: the raw replies of {@code COMMAND} and
 * {@code COMMAND DOCS}, byte for byte. Re-run after upgrading the reference Redis:
 * {@code java -cp target/classes:target/test-classes:<netty jars> io.slotway.command.CommandTableGenerator
 * 127.0.0.1 6379 src/main/resources/io/slotway/command}.
 */
public final class CommandTableGenerator {

    private CommandTableGenerator() {
    }

    public static void main(String[] args) throws IOException {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        Files.createDirectories(out);
        Files.write(out.resolve(CommandTable.INFO_RESOURCE), rawReply(host, port, "COMMAND"));
        Files.write(out.resolve(CommandTable.DOCS_RESOURCE), rawReply(host, port, "COMMAND", "DOCS"));
    }

    /** Sends one command and returns its reply's exact bytes. */
    static byte[] rawReply(String host, int port, String... command) throws IOException {
        StringBuilder frame = new StringBuilder("*" + command.length + "\r\n");
        for (String arg : command) {
            frame.append('$').append(arg.length()).append("\r\n").append(arg).append("\r\n");
        }
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(frame.toString().getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteBuf received = Unpooled.buffer();
            ReplyScanner scanner = new ReplyScanner();
            byte[] chunk = new byte[65536];
            try {
                // Bounded by the socket timeout: the server sends one finite reply.
                while (true) {
                    int read = in.read(chunk);
                    if (read < 0) {
                        throw new IOException("connection closed mid-reply");
                    }
                    received.writeBytes(chunk, 0, read);
                    int length = scanner.scan(received);
                    if (length >= 0) {
                        byte[] reply = new byte[length];
                        received.getBytes(received.readerIndex(), reply);
                        return reply;
                    }
                }
            } finally {
                received.release();
            }
        }
    }
}
