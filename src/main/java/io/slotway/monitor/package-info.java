/**
 * MONITOR: clients in monitor mode, and the stream of every command Slotway's clients send, fed to them across event
 * loops in Redis's MONITOR line format, each monitor with a bounded backlog.
 */
package io.slotway.monitor;
