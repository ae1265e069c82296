package io.slotway.tls;

import io.slotway.config.SlotwayConfig;
import io.slotway.config.UpstreamConfig;

import java.util.ArrayList;
import java.util.List;

/** Builds every TLS context a config names, so check-config reports an unusable certificate or key up front. */
public final class TlsCheck {

    private TlsCheck() {
    }

    public static List<String> problems(SlotwayConfig config) {
        List<String> problems = new ArrayList<>();
        if (config.tls().isPresent()) {
            try {
                ServerTls.of(config.tls().get());
            } catch (TlsSetupException e) {
                problems.add(e.getMessage());
            }
        }
        for (UpstreamConfig upstream : config.upstreams().values()) {
            if (upstream.tls().isPresent()) {
                try {
                    UpstreamTls.of(upstream.name(), upstream.tls().get());
                } catch (TlsSetupException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        return problems;
    }
}
