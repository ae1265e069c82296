package io.slotway.config;

/** A password; its {@code toString()} never shows the value, so it cannot reach a log by accident. */
public record Secret(String value) {

    @Override
    public String toString() {
        return "***";
    }
}
