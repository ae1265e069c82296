/** MULTI, EXEC and DISCARD: a transaction queued in Slotway and run as one unit on the client's node connection. */
package io.slotway.transaction;
