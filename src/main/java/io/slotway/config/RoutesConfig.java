package io.slotway.config;

/** Where commands go; today everything takes the default route. */
public record RoutesConfig(String defaultUpstream) {
}
