package io.slotway.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import io.slotway.config.TlsProvider;

/** Maps the configured provider to Netty's: {@code auto} prefers OpenSSL (faster, less garbage) when it loads. */
final class Providers {

    private Providers() {
    }

    static SslProvider choose(TlsProvider configured) throws TlsSetupException {
        return switch (configured) {
            case JDK -> SslProvider.JDK;
            case AUTO -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
            case OPENSSL -> {
                if (!OpenSsl.isAvailable()) {
                    throw new TlsSetupException("provider openssl is not available here ("
                            + OpenSsl.unavailabilityCause() + "); use provider: auto or jdk");
                }
                yield SslProvider.OPENSSL;
            }
        };
    }

    /** For logs and the admin API, e.g. "OpenSSL (BoringSSL)" or "JDK". */
    static String describe(SslProvider provider) {
        return provider == SslProvider.JDK ? "JDK" : "OpenSSL (" + OpenSsl.versionString() + ")";
    }
}
