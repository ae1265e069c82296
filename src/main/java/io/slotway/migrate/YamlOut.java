package io.slotway.migrate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.UncheckedIOException;
import java.util.Map;

/** Writes an imported config (maps in insertion order, lists, scalars) as YAML a person can read and edit. */
final class YamlOut {

    private static final ObjectMapper MAPPER = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build());

    private YamlOut() {
    }

    static String write(String header, Map<String, Object> config) {
        try {
            return header + MAPPER.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Upstream and pool names as Slotway allows them: letters, digits, '_' and '-'. */
    static String name(String text) {
        String name = text.replaceAll("[^A-Za-z0-9_-]", "_");
        return name.isEmpty() ? "main" : name;
    }
}
