package io.slotway.admin;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.slotway.config.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/** Routes admin requests to their reports; checks the bearer token first when one is configured. */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);

    private final AdminApi api;
    private final Optional<Secret> token;
    private final PrometheusExport prometheus;
    private final byte[] dashboard;

    AdminHandler(AdminApi api, Optional<Secret> token, PrometheusExport prometheus, byte[] dashboard) {
        this.api = api;
        this.token = token;
        this.prometheus = prometheus;
        this.dashboard = dashboard;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        if (!authorized(request, path)) {
            send(ctx, request, AdminResponse.text(401, "missing or wrong bearer token\n"));
            return;
        }
        HttpMethod method = request.method();
        if (path.equals("/drain")) {
            if (!method.equals(HttpMethod.POST)) {
                send(ctx, request, AdminResponse.text(405, "POST /drain starts a drain\n"));
                return;
            }
            log.info("drain requested over the admin API by {}", ctx.channel().remoteAddress());
            api.drain();
            send(ctx, request, AdminResponse.text(202, "draining\n"));
            return;
        }
        if (path.equals("/reload")) {
            if (!method.equals(HttpMethod.POST)) {
                send(ctx, request, AdminResponse.text(405, "POST /reload reads the config file again\n"));
                return;
            }
            log.info("config reload requested over the admin API by {}", ctx.channel().remoteAddress());
            reload(ctx, request);
            return;
        }
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            send(ctx, request, AdminResponse.text(405, "only GET (and POST /drain, POST /reload)\n"));
            return;
        }
        switch (path) {
            case "/" -> send(ctx, request, new AdminResponse(200, "text/html; charset=utf-8", dashboard));
            case "/healthz" -> send(ctx, request, AdminResponse.text(200, "ok\n"));
            case "/ready" -> send(ctx, request, readiness());
            case "/metrics" -> send(ctx, request, prometheus.scrape());
            case "/stats" -> send(ctx, request, Json.response(StatsReport.build(api)));
            case "/clusters" -> send(ctx, request, Json.response(TopologyReport.build(api)));
            case "/config" -> send(ctx, request, Json.response(api.config()));
            case "/slowlog" -> send(ctx, request, Json.response(EventReports.slowlog(api.slowLog())));
            case "/inflight" -> inflight(ctx, request);
            default -> send(ctx, request, AdminResponse.text(404, "no such endpoint: " + path + "\n"));
        }
    }

    /** The dashboard page itself is public (it holds no data); everything else needs the token, if one is set. */
    private boolean authorized(FullHttpRequest request, String path) {
        if (token.isEmpty() || path.equals("/")) {
            return true;
        }
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION, "");
        byte[] given = header.startsWith("Bearer ") ? header.substring(7).getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        // Constant-time, so response timing does not reveal how much of a guess was right.
        return MessageDigest.isEqual(given, token.get().value().getBytes(StandardCharsets.UTF_8));
    }

    private AdminResponse readiness() {
        List<String> reasons = api.notReadyReasons();
        return reasons.isEmpty() ? AdminResponse.text(200, "ready\n")
                : AdminResponse.text(503, String.join("\n", reasons) + "\n");
    }

    private void inflight(ChannelHandlerContext ctx, FullHttpRequest request) {
        FullHttpRequest held = request.retain();
        long threshold = api.config().monitoring().longRunningThreshold().toNanos();
        api.inflight().orTimeout(2, TimeUnit.SECONDS).whenComplete((requests, failure) -> ctx.executor().execute(() -> {
            try {
                send(ctx, held, failure != null
                        ? AdminResponse.text(503, "event loops did not answer: " + failure + "\n")
                        : Json.response(EventReports.inflight(threshold, requests)));
            } finally {
                held.release();
            }
        }));
    }

    /** 200 with the summary when applied; 422 with one reason per line when refused. */
    private void reload(ChannelHandlerContext ctx, FullHttpRequest request) {
        FullHttpRequest held = request.retain();
        api.reload().whenComplete((outcome, failure) -> answerLater(ctx, held, () -> {
            try {
                AdminResponse response;
                if (failure != null) {
                    response = AdminResponse.text(500, "reload failed: " + failure + "\n");
                } else {
                    response = AdminResponse.text(outcome.applied() ? 200 : 422,
                            (outcome.applied() ? "reloaded: " : "refused:\n")
                                    + String.join("\n", outcome.lines()) + "\n");
                }
                send(ctx, held, response);
            } finally {
                held.release();
            }
        }));
    }

    /** Runs {@code answer} on the connection's loop; if that loop is already gone, only lets the request go. */
    private static void answerLater(ChannelHandlerContext ctx, FullHttpRequest held, Runnable answer) {
        try {
            ctx.executor().execute(answer);
        } catch (RejectedExecutionException e) {
            held.release();
        }
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, AdminResponse response) {
        FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.status()),
                request.method().equals(HttpMethod.HEAD) ? Unpooled.EMPTY_BUFFER
                        : Unpooled.wrappedBuffer(response.body()));
        http.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        http.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        HttpUtil.setContentLength(http, response.body().length);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(http, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(http, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
