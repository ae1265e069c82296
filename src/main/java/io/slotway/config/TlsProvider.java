package io.slotway.config;

/** Which TLS implementation to use: OpenSSL (netty-tcnative's BoringSSL) when it loads, else the JDK's. */
public enum TlsProvider { AUTO, OPENSSL, JDK }
