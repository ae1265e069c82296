package io.slotway.monitor;

import io.slotway.protocol.Request;
import io.slotway.testing.RecordingClient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class MonitorLineTest {

    private static String arguments(String... args) {
        Request request = RecordingClient.request(args);
        try {
            return MonitorLine.arguments(request);
        } finally {
            request.release();
        }
    }

    @Test
    void argumentsAreQuotedAsRedisQuotesThem() {
        assertThat(arguments("SET", "k", "a b\n\"q\"\u0001\\\t\r"))
                .isEqualTo(" \"SET\" \"k\" \"a b\\n\\\"q\\\"\\x01\\\\\\t\\r\"");
    }

    @Test
    void secretsAreRedacted() {
        assertThat(arguments("AUTH", "user", "secret")).isEqualTo(" \"AUTH\" \"(redacted)\" \"(redacted)\"");
        assertThat(arguments("HELLO", "2", "AUTH", "default", "pw", "SETNAME", "x"))
                .isEqualTo(" \"HELLO\" \"2\" \"AUTH\" \"(redacted)\" \"(redacted)\" \"SETNAME\" \"x\"");
        assertThat(arguments("MIGRATE", "h", "1", "k", "0", "5", "AUTH2", "u", "p", "KEYS", "a"))
                .isEqualTo(" \"MIGRATE\" \"h\" \"1\" \"k\" \"0\" \"5\" \"AUTH2\" \"(redacted)\" \"(redacted)\""
                        + " \"KEYS\" \"a\"");
    }

    @Test
    void aLineHasTheTimeInMicrosecondsTheDatabaseAndTheAddress() {
        byte[] line = MonitorLine.line(Instant.ofEpochSecond(1339518083, 7_412_000), 3, "127.0.0.1:60866",
                " \"PING\"");
        assertThat(new String(line, StandardCharsets.ISO_8859_1))
                .isEqualTo("+1339518083.007412 [3 127.0.0.1:60866] \"PING\"\r\n");
    }
}
