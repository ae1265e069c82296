/** The command table generated from a real Redis's COMMAND INFO and DOCS, the key locator, and fan-out mergers. */
package io.slotway.command;
