/** Which upstream a command goes to. */
package io.slotway.route;
