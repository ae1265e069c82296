package io.slotway.server;

import io.netty.buffer.ByteBuf;
import io.slotway.loop.Deadline;
import io.slotway.protocol.Replies;
import io.slotway.protocol.Request;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamRequest;
import io.slotway.upstream.cluster.ClusterUpstream;
import io.slotway.upstream.cluster.Redirect;

/**
 * One client request on its way through Slotway: it holds the request until an answer exists (from a node, from
 * Slotway itself, or an error), then holds that answer until the session writes it in request order.
 * Used only from the client's event loop.
 */
final class Exchange extends Deadline implements UpstreamRequest {

    static final String TIMEOUT = "ERR upstream timeout";

    private final ClientSession session;
    private Request request;
    private ByteBuf reply;
    private boolean abandoned;
    private boolean closeAfterReply;
    /** Set when the request went to several shards instead of one. */
    private FanOut fanOut;
    /** Where the request went; a cluster may redirect it. */
    private Upstream upstream;
    private int redirects;

    /** Takes ownership of {@code request} (may be null for answers that need none). */
    Exchange(ClientSession session, Request request) {
        this.session = session;
        this.request = request;
    }

    static Exchange answered(ClientSession session, ByteBuf reply) {
        Exchange exchange = new Exchange(session, null);
        exchange.reply = reply;
        return exchange;
    }

    void upstream(Upstream upstream) {
        this.upstream = upstream;
    }

    void fanOut(FanOut fanOut) {
        this.fanOut = fanOut;
    }

    io.netty.buffer.ByteBufAllocator alloc() {
        return session.alloc();
    }

    Exchange closeAfterReply() {
        closeAfterReply = true;
        return this;
    }

    boolean closesConnection() {
        return closeAfterReply;
    }

    boolean isDone() {
        return reply != null;
    }

    /** Hands the reply to the caller, who now owns it. */
    ByteBuf takeReply() {
        ByteBuf taken = reply;
        reply = Replies.NULL_BULK;
        return taken;
    }

    @Override
    public ByteBuf frame() {
        return request.frame();
    }

    @Override
    public void complete(ByteBuf reply) {
        if (isDone()) {
            reply.release();
            return;
        }
        if (upstream instanceof ClusterUpstream cluster && Redirect.isRedirect(reply)
                && redirects < cluster.maxRedirects() && session.redirect(this, cluster, reply)) {
            redirects++;
            return;
        }
        finish(reply);
    }

    @Override
    public void fail(String error) {
        if (!isDone()) {
            if (upstream instanceof ClusterUpstream cluster) {
                // A node that cannot be reached may have failed over: the slot map may have changed.
                cluster.requestRefresh();
            }
            finish(Replies.error(session.alloc(), error));
        }
    }

    @Override
    protected void expired() {
        if (!isDone()) {
            // The node may still answer; that reply is dropped so it can never reach this client or another.
            abandoned = true;
            finish(Replies.error(session.alloc(), TIMEOUT));
        }
    }

    @Override
    public boolean isAbandoned() {
        return abandoned;
    }

    private void finish(ByteBuf answer) {
        disarm();
        reply = answer;
        releaseRequest();
        session.deliver();
    }

    /** The client went away: drop everything this exchange holds; a late reply will be dropped too. */
    void discard() {
        disarm();
        abandoned = true;
        releaseRequest();
        if (reply != null && reply != Replies.NULL_BULK) {
            reply.release();
        }
        reply = Replies.NULL_BULK;
    }

    private void releaseRequest() {
        if (fanOut != null) {
            fanOut.releaseAll();
        }
        if (request != null) {
            request.release();
            request = null;
        }
    }
}
