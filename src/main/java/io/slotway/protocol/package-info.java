/** RESP only: the request decoder, the reply frame scanner, and pre-encoded replies. */
package io.slotway.protocol;
