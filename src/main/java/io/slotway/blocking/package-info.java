/** Blocking commands (BLPOP, BZPOPMIN, XREAD BLOCK, ...): each on a dedicated connection, as long as it asks to wait. */
package io.slotway.blocking;
