/** Client side: bootstrap, per-connection sessions with in-order replies, commands Slotway answers, drain. */
package io.slotway.server;
