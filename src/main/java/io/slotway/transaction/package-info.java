/** MULTI/EXEC/DISCARD queued in Slotway and run as one unit; WATCH/UNWATCH on a connection pinned until EXEC. */
package io.slotway.transaction;
