/**
 * TLS contexts built from the config: one for the client listener, one per upstream. OpenSSL (netty-tcnative's
 * BoringSSL) is used when it loads, the JDK's provider otherwise; blocking probes off the event loops use the JDK's.
 */
package io.slotway.tls;
