package io.slotway.server;

import io.netty.buffer.ByteBuf;
import io.slotway.protocol.Replies;
import io.slotway.protocol.Request;
import io.slotway.protocol.RespWriter;
import io.slotway.keyspace.ClusterSlots;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * CLUSTER INFO | SLOTS | SHARDS | NODES | KEYSLOT | MYID in front of a Redis Cluster: Slotway presents itself as
 * one healthy node, at the address the client connected to, owning all 16384 slots. Cluster-aware clients then
 * send everything to Slotway, which routes by the real slot map. Without a cluster upstream, CLUSTER is refused
 * as a standalone Redis refuses it.
 */
final class ClusterCommand implements LocalCommand {

    @Override
    public void execute(ClientSession session, Request request) {
        if (!session.facts().clusterMode()) {
            session.answer(Replies.error(session.alloc(), "ERR This instance has cluster support disabled"));
            return;
        }
        InetSocketAddress self = (InetSocketAddress) session.channel().localAddress();
        String host = self.getAddress().getHostAddress();
        int port = self.getPort();
        String id = nodeId(host, port);
        String sub = request.argString(1).toLowerCase(Locale.ROOT);
        ByteBuf out = session.alloc().buffer(256);
        switch (sub) {
            case "info" -> RespWriter.writeBulk(out, String.join("\r\n",
                    "cluster_state:ok", "cluster_slots_assigned:16384", "cluster_slots_ok:16384",
                    "cluster_slots_pfail:0", "cluster_slots_fail:0", "cluster_known_nodes:1", "cluster_size:1",
                    "cluster_current_epoch:1", "cluster_my_epoch:1", "cluster_stats_messages_sent:0",
                    "cluster_stats_messages_received:0", "total_cluster_links_buffer_limit_exceeded:0") + "\r\n");
            case "slots" -> {
                RespWriter.writeArrayHeader(out, 1);
                RespWriter.writeArrayHeader(out, 3);
                RespWriter.writeInteger(out, 0);
                RespWriter.writeInteger(out, ClusterSlots.SLOT_COUNT - 1);
                writeNode(out, host, port, id);
            }
            case "shards" -> {
                RespWriter.writeArrayHeader(out, 1);
                RespWriter.writeArrayHeader(out, 4);
                RespWriter.writeBulk(out, "slots");
                RespWriter.writeArrayHeader(out, 2);
                RespWriter.writeInteger(out, 0);
                RespWriter.writeInteger(out, ClusterSlots.SLOT_COUNT - 1);
                RespWriter.writeBulk(out, "nodes");
                RespWriter.writeArrayHeader(out, 1);
                RespWriter.writeArrayHeader(out, 14);
                for (String[] field : new String[][] {{"id", id}, {"ip", host}, {"endpoint", host},
                        {"role", "master"}, {"health", "online"}}) {
                    RespWriter.writeBulk(out, field[0]);
                    RespWriter.writeBulk(out, field[1]);
                }
                RespWriter.writeBulk(out, "port");
                RespWriter.writeInteger(out, port);
                RespWriter.writeBulk(out, "replication-offset");
                RespWriter.writeInteger(out, 0);
            }
            case "nodes" -> RespWriter.writeBulk(out, id + " " + host + ":" + port + "@" + port
                    + " myself,master - 0 0 1 connected 0-16383\n");
            case "myid" -> RespWriter.writeBulk(out, id);
            case "keyslot" -> {
                if (request.count() != 3) {
                    RespWriter.writeError(out, "ERR wrong number of arguments for 'cluster|keyslot' command");
                } else {
                    RespWriter.writeInteger(out, ClusterSlots.slot(request.buffer(), request.offset(2),
                            request.length(2)));
                }
            }
            default -> RespWriter.writeError(out, "ERR CLUSTER " + sub.toUpperCase(Locale.ROOT)
                    + " is not supported by Slotway: it presents the cluster as one node");
        }
        session.answer(out);
    }

    private static void writeNode(ByteBuf out, String host, int port, String id) {
        RespWriter.writeArrayHeader(out, 3);
        RespWriter.writeBulk(out, host);
        RespWriter.writeInteger(out, port);
        RespWriter.writeBulk(out, id);
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
