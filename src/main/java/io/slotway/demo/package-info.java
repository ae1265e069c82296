/** Local redis-server processes for {@code slotway demo} and the tests: find a binary, start, wait, stop. */
package io.slotway.demo;
