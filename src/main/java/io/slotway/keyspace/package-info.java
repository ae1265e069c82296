/** Where keys hash to: hash tags, Redis Cluster's CRC16 slots, the ketama ring and key hashes; a leaf. */
package io.slotway.keyspace;
