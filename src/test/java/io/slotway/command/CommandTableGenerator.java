package io.slotway.command;

import io.slotway.protocol.RespValue;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes the command table's resources from a live Redis: the raw replies of {@code COMMAND INFO} and
 * {@code COMMAND DOCS}, byte for byte, in RESP2 and (after {@code HELLO 3}) in RESP3 (the order of commands is the
 * server's hash order, so it changes per run).
 * Re-run against a redis-server you started: {@code mvn -q test-compile dependency:build-classpath
 * -Dmdep.outputFile=target/cp.txt && java -cp target/classes:target/test-classes:$(cat target/cp.txt)
 * io.slotway.command.CommandTableGenerator 127.0.0.1 PORT src/main/resources/io/slotway/command}
 */
public final class CommandTableGenerator {

    private static final int TIMEOUT_MILLIS = 10_000;
    /** COMMAND DOCS of 7.0 is about 170 KB; a reply past this is not one this generator was meant for. */
    private static final int MAX_REPLY_BYTES = 64 << 20;

    private CommandTableGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: CommandTableGenerator HOST PORT OUTPUT_DIRECTORY");
            System.exit(2);
        }
        byte[][] replies = replies(args[0], Integer.parseInt(args[1]),
                new String[] {"COMMAND", "INFO"}, new String[] {"COMMAND", "DOCS"});
        byte[][] resp3 = replies(args[0], Integer.parseInt(args[1]), new String[] {"HELLO", "3"},
                new String[] {"COMMAND", "INFO"}, new String[] {"COMMAND", "DOCS"});
        // Loading checks every reply the way the proxy will; a reply it cannot read is never written.
        CommandTable table = CommandTable.load(replies[0], replies[1], resp3[1], resp3[2]);
        Path out = Path.of(args[2]);
        Files.createDirectories(out);
        Files.write(out.resolve(CommandTable.INFO_RESOURCE), replies[0]);
        Files.write(out.resolve(CommandTable.DOCS_RESOURCE), replies[1]);
        Files.write(out.resolve(CommandTable.RESP3_INFO_RESOURCE), resp3[1]);
        Files.write(out.resolve(CommandTable.RESP3_DOCS_RESOURCE), resp3[2]);
        System.out.println("wrote " + table.size() + " commands to " + out.toAbsolutePath());
    }

    /** Sends each command on one connection and returns the exact bytes of its one reply; an error reply fails. */
    static byte[][] replies(String host, int port, String[]... commands) throws IOException {
        byte[][] replies = new byte[commands.length][];
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int i = 0; i < commands.length; i++) {
                out.write(frame(commands[i]));
                out.flush();
                replies[i] = readReply(in);
                if (replies[i][0] == '-') {
                    throw new IOException(String.join(" ", commands[i]) + " answered "
                            + new String(replies[i], StandardCharsets.UTF_8).trim());
                }
            }
        }
        return replies;
    }

    private static byte[] frame(String... command) {
        StringBuilder frame = new StringBuilder("*").append(command.length).append("\r\n");
        for (String arg : command) {
            frame.append('$').append(arg.length()).append("\r\n").append(arg).append("\r\n");
        }
        return frame.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads exactly one reply: nothing is pipelined, so the server sends nothing past it. */
    private static byte[] readReply(InputStream in) throws IOException {
        byte[] received = new byte[64 * 1024];
        int length = 0;
        // Bounded by the socket timeout and MAX_REPLY_BYTES: every round reads at least one byte.
        while (true) {
            if (length == received.length) {
                if (received.length >= MAX_REPLY_BYTES) {
                    throw new IOException("reply longer than " + MAX_REPLY_BYTES + " bytes");
                }
                received = Arrays.copyOf(received, received.length * 2);
            }
            int read = in.read(received, length, received.length - length);
            if (read < 0) {
                throw new IOException("connection closed after " + length + " bytes, mid-reply");
            }
            length += read;
            int frame = RespValue.frameLength(Unpooled.wrappedBuffer(received, 0, length));
            if (frame >= 0) {
                if (frame != length) {
                    throw new IOException((length - frame) + " bytes past the reply (expected: none)");
                }
                return Arrays.copyOf(received, length);
            }
        }
    }
}
