/** Redis Cluster: the slot table snapshot, topology refresh, and MOVED/ASK redirects. */
package io.slotway.upstream.cluster;
