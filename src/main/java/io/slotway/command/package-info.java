/** The command table, generated from a real server's COMMAND INFO and COMMAND DOCS, and its allocation-free lookup. */
package io.slotway.command;
