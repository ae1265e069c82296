/** Per-event-loop machinery shared by client and upstream channels: write batching and request deadlines. */
package io.slotway.loop;
