/** Fault injection ({@code faults}): which commands get an injected error or a held answer, by one draw each. */
package io.slotway.fault;
