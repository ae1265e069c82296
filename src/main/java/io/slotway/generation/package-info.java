/** What a config reload rebuilds: the served generation, its builder, the upstream set, restart-only settings. */
package io.slotway.generation;
