/** One client connection: the Client handlers answer through, its state, in-order replies and backpressure. */
package io.slotway.session;
