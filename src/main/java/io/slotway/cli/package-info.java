/** The command line: run, check-config, demo. */
package io.slotway.cli;
