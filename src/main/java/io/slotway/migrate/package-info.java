/** {@code slotway import}: Envoy redis_proxy and twemproxy configs as Slotway configs, and what cannot carry over. */
package io.slotway.migrate;
