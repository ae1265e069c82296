package io.slotway.generation;

import io.slotway.auth.Authenticator;
import io.slotway.command.CommandTable;
import io.slotway.config.UpstreamMode;
import io.slotway.blocking.BlockingCommands;
import io.slotway.dispatch.CommandDispatcher;
import io.slotway.fault.Faults;
import io.slotway.forward.MirrorTraffic;
import io.slotway.forward.Mirrors;
import io.slotway.forward.ShardRouter;
import io.slotway.local.LocalCommands;
import io.slotway.local.ServerFacts;
import io.slotway.session.ClientSettings;
import io.slotway.transaction.Transactions;
import io.slotway.config.SlotwayConfig;
import io.slotway.protocol.Limits;
import io.slotway.monitor.MonitorCommand;
import io.slotway.monitor.Monitors;
import io.slotway.pubsub.Hubs;
import io.slotway.session.ClientDirectory;
import io.slotway.tracking.TrackingCommands;
import io.slotway.tracking.Trackings;
import io.slotway.pubsub.PubSub;
import io.slotway.route.Routes;
import io.slotway.tls.ServerTls;
import io.slotway.tls.TlsSetupException;
import io.slotway.upstream.NodeProbe;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a config generation, at start and on each reload alike: TLS contexts, the upstreams (keeping running
 * ones whose config is unchanged), routes, what new nodes say about themselves, and the dispatcher over them.
 * Nothing it builds serves traffic until the caller switches to it.
 */
public final class GenerationBuilder {

    private static final Logger log = LoggerFactory.getLogger(GenerationBuilder.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    /** A generation and the upstream set it routes to. */
    public record Built(Generation generation, UpstreamSet upstreams) {
    }

    private final CommandTable table;
    /** Subscriptions outlive a generation: an upstream a reload keeps keeps them. */
    private final Hubs hubs = new Hubs();
    /** A MONITOR outlives a generation too. */
    private final Monitors monitors = new Monitors();
    /** And a client's cached keys: a reload must not forget what to invalidate. */
    private final Trackings trackings = new Trackings();
    /** And the copies in flight to mirrors, which the pending limit counts across a reload. */
    private final MirrorTraffic mirrorTraffic = new MirrorTraffic();
    private final ClientDirectory clients;

    /** {@code clients}: every client of the server, which CLIENT LIST and KILL reach. */
    public GenerationBuilder(CommandTable table, ClientDirectory clients) {
        this.table = table;
        this.clients = clients;
    }

    /**
     * @param running  the upstreams serving now, by name (empty at start)
     * @param previous the facts of the generation serving now, or null at start
     * @throws TlsSetupException              a certificate or key cannot be used
     * @throws NodeProbe.ModeMismatchException a node is not the kind its upstream's mode says
     */
    public Built build(long number, SlotwayConfig config, Map<String, Upstream> running, ServerFacts previous)
            throws TlsSetupException, NodeProbe.ModeMismatchException {
        ServerTls serverTls = config.tls().isEmpty() ? null : ServerTls.of(config.tls().get());
        UpstreamSet upstreams = UpstreamSet.build(config, running);
        Routes routes = Routes.of(config.routes(), upstreams.byName());
        List<Upstream> probed = new ArrayList<>(upstreams.fresh());
        if (!probed.contains(routes.home().upstream())) {
            // HELLO's version and SELECT's bound come from the home upstream, which may have changed.
            probed.add(routes.home().upstream());
        }
        ServerFacts facts = probe(routes, probed, previous);
        Authenticator authenticator = config.auth().map(auth -> new Authenticator(auth, table)).orElse(null);
        Mirrors mirrors = new Mirrors(mirrorTraffic, config.limits().mirrorPendingRequests());
        ShardRouter router = new ShardRouter(routes, table, mirrors);
        Transactions transactions = new Transactions(routes, mirrors, config.limits().maxPendingRequests(),
                table.lookup("ping"), table.lookup("select"), facts.databases(), facts.clusterMode());
        CommandDispatcher dispatcher = new CommandDispatcher(table, routes, new Faults(config.faults(), table),
                config.commands(), new LocalCommands(table, facts, authenticator, clients), router::route, transactions,
                new BlockingCommands(), new PubSub(routes, config.limits().dedicatedConnectionsPerNode(), hubs),
                new MonitorCommand(monitors, facts.defaultDatabase(), config.limits().pubsubOutputBuffer()),
                new TrackingCommands(routes, trackings, config.limits().trackingTableMaxKeys(),
                        config.limits().dedicatedConnectionsPerNode()),
                authenticator);
        ClientSettings settings = new ClientSettings(config.limits().maxPendingRequests(),
                config.limits().maxFanoutReplyBytes(), config.limits().clientOutputBuffer(),
                config.limits().dedicatedConnectionsPerNode(), config.limits().pubsubOutputBuffer(),
                config.limits().pubsubOutputBufferSoft(), config.limits().pubsubOutputBufferSoftTime());
        Limits limits = new Limits(config.limits().maxBulkLength(), config.limits().maxArrayLength(),
                config.limits().maxInlineLength());
        return new Built(new Generation(number, config, routes, facts, dispatcher, authenticator, settings, limits,
                serverTls), upstreams);
    }

    /**
     * Asks each node of {@code probed} what it is: refuses a node of the wrong kind, tolerates one that is down
     * (requests fail clearly until it is up). The version and database count come from the default upstream, or
     * from {@code previous} when it was not probed.
     */
    private static ServerFacts probe(Routes routes, List<Upstream> probed, ServerFacts previous)
            throws NodeProbe.ModeMismatchException {
        String version = previous == null ? "7.0.0" : previous.redisVersion();
        int databases = previous == null ? 16 : previous.databases();
        for (Upstream upstream : probed) {
            for (UpstreamNode node : upstream.nodes()) {
                try {
                    NodeProbe.NodeFacts facts = NodeProbe.probe(node, probeTimeout(upstream));
                    NodeProbe.checkMode(node, upstream.config().mode(), facts);
                    if (upstream == routes.home().upstream()) {
                        version = facts.version();
                        databases = facts.databases();
                    }
                    log.info("upstream {} node {}: Redis {}, {}", upstream.name(), node, facts.version(),
                            facts.clusterEnabled() ? "cluster" : "standalone");
                } catch (IOException e) {
                    // A node that is down now may be up soon; requests fail clearly until it is.
                    log.warn("upstream {} node {}: not reachable ({}); will keep trying",
                            upstream.name(), node, e.getMessage());
                }
            }
        }
        return new ServerFacts(version, databases,
                routes.home().upstream().config().mode() == UpstreamMode.CLUSTER,
                routes.home().upstream().config().database());
    }

    /** A node that accepts connections but never answers must not hold up the start for long. */
    private static Duration probeTimeout(Upstream upstream) {
        Duration command = upstream.config().timeouts().command();
        return command.compareTo(PROBE_TIMEOUT) < 0 ? command : PROBE_TIMEOUT;
    }
}
