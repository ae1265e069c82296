package io.slotway.config;

import java.util.List;

/** The config cannot be used; {@link #problems()} lists every problem, each starting with its path. */
public final class ConfigException extends Exception {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
