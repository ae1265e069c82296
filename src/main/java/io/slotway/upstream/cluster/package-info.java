/** Redis Cluster: slot table snapshots, their refresh, and MOVED/ASK followed inside, so callers see one reply. */
package io.slotway.upstream.cluster;
