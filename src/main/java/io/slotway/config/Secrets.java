package io.slotway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads a secret given one of three ways: inline ({@code key}), from an environment variable ({@code key_env}) or
 * from the first line of a file ({@code key_file}), so configs can be committed without the secret in them.
 */
final class Secrets {

    private Secrets() {
    }

    static Optional<Secret> read(ConfigNode node, String key, String what) {
        String env = key + "_env";
        String file = key + "_file";
        int given = (node.has(key) ? 1 : 0) + (node.has(env) ? 1 : 0) + (node.has(file) ? 1 : 0);
        if (given > 1) {
            node.problem(key, "given more than once (expected: one of " + key + ", " + env + ", " + file + ")");
            return Optional.empty();
        }
        String literal = node.string(key, false, what);
        if (literal != null) {
            return Optional.of(new Secret(literal));
        }
        String variable = node.string(env, false, "an environment variable name");
        if (variable != null) {
            String value = System.getenv(variable);
            if (value == null) {
                node.problem(env, "environment variable " + variable + " is not set");
                return Optional.empty();
            }
            return Optional.of(new Secret(value));
        }
        String path = node.string(file, false, "a file path");
        if (path != null) {
            try {
                List<String> lines = Files.readAllLines(Path.of(path));
                if (lines.isEmpty() || lines.get(0).isEmpty()) {
                    node.problem(file, path + " is empty (expected: " + what + " on its first line)");
                    return Optional.empty();
                }
                return Optional.of(new Secret(lines.get(0)));
            } catch (IOException e) {
                node.problem(file, "cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        return Optional.empty();
    }
}
