/** Who a client may log in as, and who it is logged in as: passwords, users and their command rules. */
package io.slotway.auth;
