/**
 * Client-side caching (CLIENT TRACKING): which keys each caching client read through Slotway, kept per event loop and
 * upstream, and the invalidations that reach those clients when any client, through Slotway or not, changes one. Each
 * event loop listens to every primary of an upstream with one broadcast-tracking connection per node.
 */
package io.slotway.tracking;
