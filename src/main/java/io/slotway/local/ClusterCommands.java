package io.slotway.local;

import io.netty.buffer.ByteBuf;
import io.slotway.command.CommandSpec;
import io.slotway.keyspace.ClusterSlots;
import io.slotway.protocol.Replies;
import io.slotway.protocol.Request;
import io.slotway.protocol.RespWriter;
import io.slotway.session.Client;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * CLUSTER INFO | SLOTS | SHARDS | NODES | KEYSLOT | MYID in front of a Redis Cluster: Slotway presents itself as
 * one healthy node, at the address the client connected to, owning all 16384 slots. Cluster-aware clients then
 * send everything to Slotway, which routes by the real slot map. Other subcommands are refused; without a cluster
 * upstream every CLUSTER subcommand is refused as a standalone Redis refuses it.
 */
final class ClusterCommands {

    private ClusterCommands() {
    }

    /** What each answered subcommand writes, given Slotway's address as the client sees it. */
    @FunctionalInterface
    private interface Answer {
        void write(ByteBuf out, Self self, Request request, int protocol);
    }

    /** Slotway as one cluster node. */
    private record Self(String host, int port, String id) {
    }

    static void register(LocalCommands into, ServerFacts facts) {
        for (CommandSpec sub : into.entry("cluster").subcommands()) {
            into.add(sub.name(), facts.clusterMode() ? answering(sub, answer(sub.name()))
                    : (client, request) -> client.answer(Replies.error(client.alloc(),
                            "ERR This instance has cluster support disabled")));
        }
    }

    private static Answer answer(String name) {
        return switch (name) {
            case "cluster|info" -> (out, self, request, protocol) -> info(out, protocol);
            case "cluster|slots" -> (out, self, request, protocol) -> slots(out, self, protocol);
            case "cluster|shards" -> (out, self, request, protocol) -> shards(out, self, protocol);
            case "cluster|nodes" -> (out, self, request, protocol) -> RespWriter.writeVerbatim(out, (self.id + " "
                    + self.host + ":" + self.port + "@" + self.port + " myself,master - 0 0 1 connected 0-16383\n")
                    .getBytes(StandardCharsets.US_ASCII), protocol);
            case "cluster|myid" -> (out, self, request, protocol) -> RespWriter.writeBulk(out, self.id);
            case "cluster|keyslot" -> (out, self, request, protocol) -> RespWriter.writeInteger(out,
                    ClusterSlots.slot(request.buffer(), request.offset(2), request.length(2)));
            default -> null;
        };
    }

    private static LocalCommand answering(CommandSpec sub, Answer answer) {
        if (answer == null) {
            String error = "ERR CLUSTER " + sub.name().substring("cluster|".length()).toUpperCase(Locale.ROOT)
                    + " is not supported by Slotway: it presents the cluster as one node";
            return (client, request) -> client.answer(Replies.error(client.alloc(), error));
        }
        return (client, request) -> {
            ByteBuf out = client.alloc().buffer(256);
            answer.write(out, self(client), request, client.state().protocol());
            client.answer(out);
        };
    }

    private static Self self(Client client) {
        InetSocketAddress local = (InetSocketAddress) client.localAddress();
        String host = local.getAddress().getHostAddress();
        return new Self(host, local.getPort(), nodeId(host, local.getPort()));
    }

    private static void info(ByteBuf out, int protocol) {
        RespWriter.writeVerbatim(out, (String.join("\r\n",
                "cluster_state:ok", "cluster_slots_assigned:16384", "cluster_slots_ok:16384",
                "cluster_slots_pfail:0", "cluster_slots_fail:0", "cluster_known_nodes:1", "cluster_size:1",
                "cluster_current_epoch:1", "cluster_my_epoch:1", "cluster_stats_messages_sent:0",
                "cluster_stats_messages_received:0", "total_cluster_links_buffer_limit_exceeded:0") + "\r\n")
                .getBytes(StandardCharsets.US_ASCII), protocol);
    }

    /** As Redis 7.0 writes it: each node's ip, port, id and a map of further names (none here). */
    private static void slots(ByteBuf out, Self self, int protocol) {
        RespWriter.writeArrayHeader(out, 1);
        RespWriter.writeArrayHeader(out, 3);
        RespWriter.writeInteger(out, 0);
        RespWriter.writeInteger(out, ClusterSlots.SLOT_COUNT - 1);
        RespWriter.writeArrayHeader(out, 4);
        RespWriter.writeBulk(out, self.host);
        RespWriter.writeInteger(out, self.port);
        RespWriter.writeBulk(out, self.id);
        RespWriter.writeMapHeader(out, 0, protocol);
    }

    /** In Redis 7.0's field order. */
    private static void shards(ByteBuf out, Self self, int protocol) {
        RespWriter.writeArrayHeader(out, 1);
        RespWriter.writeMapHeader(out, 2, protocol);
        RespWriter.writeBulk(out, "slots");
        RespWriter.writeArrayHeader(out, 2);
        RespWriter.writeInteger(out, 0);
        RespWriter.writeInteger(out, ClusterSlots.SLOT_COUNT - 1);
        RespWriter.writeBulk(out, "nodes");
        RespWriter.writeArrayHeader(out, 1);
        RespWriter.writeMapHeader(out, 7, protocol);
        RespWriter.writeBulk(out, "id");
        RespWriter.writeBulk(out, self.id);
        RespWriter.writeBulk(out, "port");
        RespWriter.writeInteger(out, self.port);
        for (String[] field : new String[][] {{"ip", self.host}, {"endpoint", self.host}, {"role", "master"}}) {
            RespWriter.writeBulk(out, field[0]);
            RespWriter.writeBulk(out, field[1]);
        }
        RespWriter.writeBulk(out, "replication-offset");
        RespWriter.writeInteger(out, 0);
        RespWriter.writeBulk(out, "health");
        RespWriter.writeBulk(out, "online");
    }

    /** A stable 40-hex-digit id per address, like a cluster node id. */
    static String nodeId(String host, int port) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest(("slotway:" + host + ":" + port).getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }
}
