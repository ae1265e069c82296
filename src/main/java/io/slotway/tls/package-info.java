/** TLS contexts for the client listener and each upstream: BoringSSL through netty-tcnative, else the JDK's. */
package io.slotway.tls;
