package io.slotway.upstream.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.Recycler;
import io.slotway.protocol.Replies;
import io.slotway.upstream.NodePool;
import io.slotway.upstream.UpstreamRequest;

import java.nio.charset.StandardCharsets;

/**
 * Carries one request to a cluster node and follows {@code -MOVED} and {@code -ASK} on the same event loop (for ASK,
 * {@code ASKING} and the request go as one unit), up to the upstream's {@code max_redirects}, so the request it wraps
 * is ended exactly once, with the final reply or a failure. Pooled: following a MOVED allocates nothing.
 *
 * <p>Each send of a follower is ended exactly once by its connection; on a redirect the follower is sent again, and
 * only its last end reaches the wrapped request and returns the follower to the pool. A unit (a transaction) is
 * sent again only when its slot moved and EXEC answered EXECABORT, which means none of it ran; as often as a command
 * may be redirected (a node whose map is behind the cluster's may name another that moved it on).
 */
final class RedirectFollower implements UpstreamRequest {

    private static final byte[] EXECABORT = "-EXECABORT".getBytes(StandardCharsets.US_ASCII);

    private static final Recycler<RedirectFollower> POOL = new Recycler<>() {
        @Override
        protected RedirectFollower newObject(Handle<RedirectFollower> handle) {
            return new RedirectFollower(handle);
        }
    };

    private final Recycler.Handle<RedirectFollower> handle;
    private UpstreamRequest request;
    private ClusterUpstream cluster;
    private NodePool pool;
    private long clientId;
    private int redirects;
    /** After {@code -ASK}: ASKING and the request as one frame, so neither can reach the node alone; else null. */
    private ByteBuf askingFrame;
    /** In a unit: the first {@code -MOVED} a command of it got, whether EXEC said EXECABORT, how often it was resent. */
    private Redirect unitMoved;
    private boolean unitAborted;
    private int unitResends;

    private RedirectFollower(Recycler.Handle<RedirectFollower> handle) {
        this.handle = handle;
    }

    /** Wraps {@code request}, which {@code pool} (a node of {@code cluster}) is about to carry for {@code clientId}. */
    static RedirectFollower of(ClusterUpstream cluster, NodePool pool, long clientId, UpstreamRequest request) {
        RedirectFollower follower = POOL.get();
        follower.cluster = cluster;
        follower.pool = pool;
        follower.clientId = clientId;
        follower.request = request;
        return follower;
    }

    @Override
    public ByteBuf frame() {
        return askingFrame != null ? askingFrame : request.frame();
    }

    @Override
    public int replyCount() {
        return askingFrame != null ? 2 : request.replyCount();
    }

    @Override
    public void leadingReply(ByteBuf reply) {
        if (askingFrame != null) {
            // ASKING's +OK.
            reply.release();
        } else {
            if (Redirect.isRedirect(reply)) {
                // A command of a unit (MULTI ... EXEC) met a moved slot: the next unit should find it where it is.
                cluster.requestRefresh();
                if (unitMoved == null) {
                    unitMoved = Redirect.parse(reply);
                }
            }
            unitAborted |= Replies.startsWith(reply, EXECABORT);
            request.leadingReply(reply);
        }
    }

    @Override
    public void complete(ByteBuf reply) {
        if (request.replyCount() > 1 && unitMoved != null && !unitMoved.ask()
                && unitResends < cluster.maxRedirects()
                && (unitAborted || Replies.startsWith(reply, EXECABORT)) && !request.isAbandoned()) {
            // A transaction whose slot moved: EXECABORT means nothing of it ran, so it may go once to the new owner.
            reply.release();
            unitResends++;
            cluster.followed(unitMoved);
            pool = pool.sibling(cluster.node(unitMoved.target()));
            unitMoved = null;
            unitAborted = false;
            request.unitRestarted();
            pool.send(clientId, this);
            return;
        }
        // Otherwise a unit is never sent again: its commands may have run.
        if (Redirect.isRedirect(reply) && redirects < cluster.maxRedirects() && !request.isAbandoned()
                && request.replyCount() == 1) {
            Redirect redirect = Redirect.parse(reply);
            if (redirect != null) {
                ByteBufAllocator alloc = reply.alloc();
                reply.release();
                redirects++;
                cluster.followed(redirect);
                pool = pool.sibling(cluster.node(redirect.target()));
                releaseAskingFrame();
                if (redirect.ask()) {
                    // ASKING's +OK goes to leadingReply (and is dropped); the request's reply comes back here.
                    askingFrame = alloc.compositeBuffer(2).addComponents(true, Asking.frame(),
                            request.frame().retainedDuplicate());
                }
                // The target's connection ends this follower once more; nothing may touch it after this send.
                pool.send(clientId, this);
                return;
            }
        }
        end().complete(reply);
    }

    @Override
    public void fail(String error) {
        if (!request.isAbandoned()) {
            // A node that cannot be reached may have failed over: the slot map may have changed.
            cluster.requestRefresh();
        }
        end().fail(error);
    }

    @Override
    public void leadingDropped() {
        if (askingFrame == null) {
            request.leadingDropped();
        }
    }

    @Override
    public boolean acceptsReply(long partialBytes) {
        return request.acceptsReply(partialBytes);
    }

    @Override
    public boolean isAbandoned() {
        return request.isAbandoned();
    }

    private void releaseAskingFrame() {
        if (askingFrame != null) {
            askingFrame.release();
            askingFrame = null;
        }
    }

    /** Returns this follower to the pool and hands back the request it carried, which the caller now ends. */
    private UpstreamRequest end() {
        releaseAskingFrame();
        UpstreamRequest carried = request;
        request = null;
        cluster = null;
        pool = null;
        redirects = 0;
        unitMoved = null;
        unitAborted = false;
        unitResends = 0;
        handle.recycle(this);
        return carried;
    }
}
