package io.slotway.tls;

/** A TLS context could not be built from the configured files; the message names the file and the reason. */
public final class TlsSetupException extends Exception {

    public TlsSetupException(String message) {
        super(message, null, false, false);
    }
}
