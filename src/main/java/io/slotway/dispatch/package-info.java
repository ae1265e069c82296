/** Picks what each request does, from the command table, the client's login and the command policy; stateless. */
package io.slotway.dispatch;
