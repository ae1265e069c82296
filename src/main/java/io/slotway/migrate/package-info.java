/** {@code slotway import}: Envoy redis_proxy and twemproxy configs turned into Slotway configs, with what cannot carry. */
package io.slotway.migrate;
