/** YAML configuration: one loader, one binder that reports every problem by path, immutable records. */
package io.slotway.config;
