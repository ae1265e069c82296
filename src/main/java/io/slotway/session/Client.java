package io.slotway.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.slotway.auth.Authenticator;
import io.slotway.command.CommandSpec;
import io.slotway.command.ReplyMerger;
import io.slotway.command.SplitPlan;
import io.slotway.loop.LoopServices;
import io.slotway.metrics.Metrics;
import io.slotway.protocol.Request;
import io.slotway.upstream.NodePool;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;

import java.net.SocketAddress;
import java.util.function.Supplier;

/**
 * What a command handler may do with the client that sent the command: read and change its state, answer it, or
 * send its request to upstream nodes. Replies reach the client in request order however they are produced. Used
 * only from the client's event loop.
 */
public interface Client {

    ClientState state();

    ByteBufAllocator alloc();

    /** Slotway's own address as this client reached it. */
    SocketAddress localAddress();

    /** The client's address, for logs and reports. */
    String address();

    /** A command arrived: its answer, however it comes, is counted against {@code spec} (null: unknown). */
    void started(CommandSpec spec);

    /** The command being dispatched is refused by {@code commands.deny}. */
    void denied();

    /** Queues a reply Slotway produced itself; ownership of {@code reply} passes to the client. */
    void answer(ByteBuf reply);

    /**
     * A message nobody asked for (pub/sub, MONITOR, invalidations): written after every reply owed before it, or at
     * once if it is a RESP3 push to a RESP3 client and not {@code afterReplies}, and not counted as the answer of a
     * command. {@code afterReplies}: an invalidation must follow the replies to reads already sent, which may carry
     * the value it invalidates. Ownership of {@code message} passes to the client.
     */
    void push(ByteBuf message, boolean afterReplies);

    /**
     * {@code request} is answered later, through the returned handle, within {@code timeoutNanos}; replies to later
     * requests wait for it. Takes ownership of the request.
     */
    PendingAnswer answerLater(Request request, long timeoutNanos);

    /**
     * Answers {@code request} with what {@code answer} returns once every earlier request of this client has its
     * answer; later requests are held until then. For commands that change which connections later requests go on
     * (HELLO switching protocol), so none of those overtakes an earlier one. Takes ownership of the request.
     */
    void answerAfterEarlier(Request request, Supplier<ByteBuf> answer);

    /** Answers, then closes once everything up to this reply is written (QUIT, protocol errors). */
    void answerAndClose(ByteBuf reply);

    /** Sends {@code request} to {@code node} of {@code upstream}; the client takes ownership of the request. */
    void forward(Request request, Upstream upstream, UpstreamNode node);

    /**
     * Sends {@code unit}, several commands that run as one unit on the node, to {@code node}; its chosen reply
     * answers {@code request}. Takes ownership of the request and the unit's frame.
     */
    void forwardUnit(Request request, Unit unit, Upstream upstream, UpstreamNode node);

    /**
     * Sends {@code request} (or {@code unit}, several commands run as one, when not null) on a
     * dedicated connection to {@code node}, as {@code use} says, once every earlier request of this client has its
     * answer; later requests wait until this one is answered. {@code timeoutNanos} is its deadline, 0 for none (a
     * blocking command with timeout 0). Takes ownership of the request and the unit.
     */
    void forwardDedicated(Request request, Unit unit, Upstream upstream, UpstreamNode node, long timeoutNanos,
                          DedicatedUse use);

    /**
     * Sends the blocking command {@code request} as {@link #forwardDedicated} does with {@link DedicatedUse#BLOCKING};
     * when the node answers that its keys moved or that it is no longer a primary, the upstream's map is refreshed
     * and the command sent again where {@code reissue} says, with the time it has left.
     */
    void forwardBlocking(Request request, Upstream upstream, UpstreamNode node, long timeoutNanos, Reissue reissue);

    /** WATCH's guard is over (DISCARD, UNWATCH, EXECABORT, RESET): the pinned connection is unwatched and given back. */
    void unpin();

    /** This client's event loop's connections to {@code node}, set up as the client is (database and protocol). */
    NodePool poolFor(UpstreamNode node, Upstream upstream);

    /**
     * This client's event loop's connections to {@code node} in the upstream's database speaking {@code protocol},
     * whatever the client speaks: for connections whose replies Slotway reads and shares among clients.
     */
    NodePool poolFor(UpstreamNode node, Upstream upstream, int protocol);

    /** This client's event loop's timers and flushing. */
    LoopServices services();

    /** What this client's loop counts into. */
    Metrics metrics();

    /**
     * Sends {@code frames[i]} to {@code nodes[i]} of {@code upstreams[i]} and merges the replies into one, within
     * {@code timeoutNanos}; the client takes ownership of the request and the frames.
     */
    void fanOut(Request request, Upstream[] upstreams, UpstreamNode[] nodes, ByteBuf[] frames, ReplyMerger merger,
                SplitPlan plan, long timeoutNanos);

    /** Scratch space for key positions, reused across this client's requests. */
    int[] keyScratch(int atLeast);

    /** Who the client is logged in as, by the serving generation's rules; null when it must log in. */
    Authenticator.User user();

    void loggedIn(Authenticator.User user);

    /** Back to a new connection's login (RESET). */
    void logout();

    /** This client as CLIENT LIST shows it; call on its event loop. */
    ClientDescription describe();

    /** CLIENT KILL: closes the connection now, dropping replies still owed; call on its event loop. */
    void kill();

    /** Stops reading, and closes once every reply owed so far is written (a client that killed itself). */
    void closeAfterReplies();
}
