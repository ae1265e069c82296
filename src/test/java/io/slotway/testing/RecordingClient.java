package io.slotway.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.slotway.auth.Authenticator;
import io.slotway.auth.Login;
import io.slotway.bench.Resp;
import io.slotway.command.CommandSpec;
import io.slotway.command.ReplyMerger;
import io.slotway.command.SplitPlan;
import io.slotway.loop.LoopServices;
import io.slotway.metrics.Metrics;
import io.slotway.protocol.Request;
import io.slotway.session.Client;
import io.slotway.session.ClientState;
import io.slotway.session.DedicatedUse;
import io.slotway.session.PendingAnswer;
import io.slotway.session.Reissue;
import io.slotway.session.Unit;
import io.slotway.upstream.NodePool;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link Client} without a socket, for unit tests of handlers: records what was done to it as text and releases
 * every buffer and request it is handed at once, so tests hold no buffers and the leak check stays meaningful.
 */
public final class RecordingClient implements Client {

    private final List<Forward> dedicated = new ArrayList<>();
    private int unpins;

    /** A request sent to one node: its arguments joined by spaces. */
    public record Forward(String command, Upstream upstream, UpstreamNode node) {
    }

    /** A request split across nodes: its arguments, the nodes, and each node's frame as RESP text. */
    public record FanOut(String command, Upstream upstream, List<UpstreamNode> nodes, List<String> frames) {
    }

    private final Authenticator authenticator;
    /** Generation 1's login, the one {@link #state} holds; kept here because ClientState does not expose it. */
    private final Login login;
    private final ClientState state;
    private final List<String> answers = new ArrayList<>();
    private final List<Forward> forwards = new ArrayList<>();
    private final List<FanOut> fanOuts = new ArrayList<>();
    private final List<String> units = new ArrayList<>();
    private final List<String> started = new ArrayList<>();
    private SocketAddress localAddress = new InetSocketAddress("127.0.0.1", 6380);
    private boolean closed;
    /** Counts refused logins; records nothing else. */
    private final Metrics metrics = new Metrics() {
        @Override
        public void authFailed() {
            authFailed++;
        }
    };
    private int denied;
    private int authFailed;
    private int logouts;
    private Authenticator.User lastLogin;
    private int[] keyScratch = new int[0];

    /** {@code authenticator} null: no login is needed, as when {@code auth} is not configured. */
    public RecordingClient(long id, Authenticator authenticator) {
        this.authenticator = authenticator;
        this.login = new Login(1, authenticator);
        this.state = new ClientState(id, login);
    }

    /** {@code args} decoded as Slotway decodes a client's command; whoever it is handed to releases it. */
    public static Request request(String... args) {
        return Resp.request(args);
    }

    @Override
    public ClientState state() {
        return state;
    }

    @Override
    public ByteBufAllocator alloc() {
        return UnpooledByteBufAllocator.DEFAULT;
    }

    @Override
    public SocketAddress localAddress() {
        return localAddress;
    }

    public void localAddress(SocketAddress address) {
        this.localAddress = address;
    }

    @Override
    public String address() {
        return "test";
    }

    @Override
    public void started(CommandSpec spec) {
        started.add(spec == null ? null : spec.name());
    }

    @Override
    public void denied() {
        denied++;
    }

    @Override
    public void answer(ByteBuf reply) {
        answers.add(text(reply));
    }

    @Override
    public void push(ByteBuf message, boolean afterReplies) {
        answers.add(text(message));
    }

    /** Answered at once with an error: nothing here confirms subscriptions. */
    @Override
    public PendingAnswer answerLater(Request request, long timeoutNanos) {
        request.release();
        return new PendingAnswer() {
            @Override
            public void answer(ByteBuf reply) {
                RecordingClient.this.answer(reply);
            }

            @Override
            public void fail(String error) {
                answers.add("-" + error);
            }

            @Override
            public boolean isAnswered() {
                return false;
            }
        };
    }

    @Override
    public LoopServices services() {
        throw new UnsupportedOperationException("no event loop in a recording client");
    }

    @Override
    public NodePool poolFor(UpstreamNode node, Upstream upstream) {
        throw new UnsupportedOperationException("no connections in a recording client");
    }

    @Override
    public io.slotway.session.ClientDescription describe() {
        return new io.slotway.session.ClientDescription(state().id(), "127.0.0.1:50000", "127.0.0.1:6380", -1,
                state().nameString() == null ? "" : state().nameString(), 0, 0, "N", state().database(), 0, 0, 0,
                -1, 0, 0, "NULL", "default", -1, state().protocol());
    }

    @Override
    public void kill() {
        closed = true;
    }

    @Override
    public void closeAfterReplies() {
        closed = true;
    }

    @Override
    public NodePool poolFor(UpstreamNode node, Upstream upstream, int protocol) {
        throw new UnsupportedOperationException("no connections in a recording client");
    }

    @Override
    public void answerAfterEarlier(Request request, java.util.function.Supplier<ByteBuf> answer) {
        // Nothing is ever in flight here: the answer comes at once.
        request.release();
        answer(answer.get());
    }

    @Override
    public void answerAndClose(ByteBuf reply) {
        answer(reply);
        closed = true;
    }

    @Override
    public void forward(Request request, Upstream upstream, UpstreamNode node) {
        forwards.add(new Forward(text(request), upstream, node));
    }

    /** Recorded as the unit's frame text (its RESP bytes), under the request's own forward entry. */
    @Override
    public void forwardUnit(Request request, Unit unit, Upstream upstream, UpstreamNode node) {
        request.release();
        units.add(describe(unit));
    }

    /** The unit's reply count, the answer's index when it is not the last, then its frame as RESP text. */
    private static String describe(Unit unit) {
        String answer = unit.answerIndex() == unit.replies() - 1 ? "" : "@" + unit.answerIndex();
        return unit.replies() + answer + " " + text(unit.frame());
    }

    /** Recorded as "USE timeoutMillis command text" (or the unit's reply count and RESP text), with the node. */
    @Override
    public void forwardDedicated(Request request, Unit unit, Upstream upstream, UpstreamNode node, long timeoutNanos,
                                 DedicatedUse use) {
        String what = unit == null ? text(request) : describe(unit);
        if (unit != null) {
            request.release();
        }
        dedicated.add(new Forward(use + " " + timeoutNanos / 1_000_000 + " " + what, upstream, node));
    }

    @Override
    public void forwardBlocking(Request request, Upstream upstream, UpstreamNode node, long timeoutNanos,
                                Reissue reissue) {
        forwardDedicated(request, null, upstream, node, timeoutNanos, DedicatedUse.BLOCKING);
    }

    /** Requests sent on dedicated connections, as {@link #forwardDedicated} records them. */
    public List<Forward> dedicated() {
        return dedicated;
    }

    @Override
    public void unpin() {
        unpins++;
    }

    /** How often the client was told its WATCH guard is over. */
    public int unpins() {
        return unpins;
    }

    @Override
    public Metrics metrics() {
        return metrics;
    }

    /** Each unit sent: its reply count, then its frame as RESP text. */
    public List<String> units() {
        return units;
    }

    @Override
    public void fanOut(Request request, Upstream[] upstreams, UpstreamNode[] nodes, ByteBuf[] frames,
                       ReplyMerger merger, SplitPlan plan, long timeoutNanos) {
        List<String> framesText = Arrays.stream(frames).map(RecordingClient::text).toList();
        fanOuts.add(new FanOut(text(request), upstreams[0], List.of(nodes), framesText));
    }

    @Override
    public int[] keyScratch(int atLeast) {
        if (keyScratch.length < atLeast) {
            keyScratch = new int[Math.max(atLeast, keyScratch.length * 2)];
        }
        return keyScratch;
    }

    @Override
    public Authenticator.User user() {
        return login.user(1, authenticator);
    }

    @Override
    public void loggedIn(Authenticator.User user) {
        lastLogin = user;
        login.loggedIn(user, 1);
    }

    @Override
    public void logout() {
        logouts++;
        login.reset(1, authenticator);
    }


    /** Every answer so far, as RESP text, in order. */
    public List<String> answers() {
        return answers;
    }

    /** The latest answer as RESP text, or null before the first. */
    public String lastAnswer() {
        return answers.isEmpty() ? null : answers.get(answers.size() - 1);
    }

    public boolean closed() {
        return closed;
    }

    public List<Forward> forwards() {
        return forwards;
    }

    /** The forwarded requests' arguments, joined by spaces. */
    public List<String> forwardedCommands() {
        return forwards.stream().map(Forward::command).toList();
    }

    public List<FanOut> fanOuts() {
        return fanOuts;
    }

    /** The table entries the client was told of, in order (null for an unknown command). */
    public List<String> started() {
        return started;
    }

    public int deniedCount() {
        return denied;
    }

    public int authFailedCount() {
        return authFailed;
    }

    public int logoutCount() {
        return logouts;
    }

    /** The user most recently passed to {@link #loggedIn}, or null. */
    public Authenticator.User lastLogin() {
        return lastLogin;
    }

    /** Takes ownership of {@code buffer}. */
    private static String text(ByteBuf buffer) {
        try {
            return buffer.toString(StandardCharsets.ISO_8859_1);
        } finally {
            buffer.release();
        }
    }

    /** Takes ownership of {@code request}. */
    private static String text(Request request) {
        try {
            List<String> args = new ArrayList<>(request.count());
            for (int i = 0; i < request.count(); i++) {
                args.add(request.argString(i));
            }
            return String.join(" ", args);
        } finally {
            request.release();
        }
    }
}
