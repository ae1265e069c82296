package io.slotway.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.slotway.config.Secret;

/** The admin API's JSON: ISO-8601 times and durations, and secrets written as {@code ***}, never their value. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new Jdk8Module())
            .registerModule(new JavaTimeModule())
            .registerModule(new SimpleModule("secrets").addSerializer(Secret.class, ToStringSerializer.instance))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            // The config's own spelling: drain_timeout, not drainTimeout.
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private Json() {
    }

    static AdminResponse response(Object value) {
        try {
            return new AdminResponse(200, AdminResponse.JSON, MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            return AdminResponse.text(500, "cannot write JSON: " + e.getOriginalMessage() + "\n");
        }
    }

    /** Milliseconds with microsecond precision, from nanoseconds or microseconds. */
    static double millis(double micros) {
        return Math.round(micros) / 1000.0;
    }
}
