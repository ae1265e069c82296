/** RESP only: the request decoder, the reply frame scanner, the value parser, encoders and pre-encoded replies. */
package io.slotway.protocol;
