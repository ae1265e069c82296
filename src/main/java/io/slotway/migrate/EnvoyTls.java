package io.slotway.migrate;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Envoy's TLS transport sockets with certificate files, as Slotway's {@code tls} and upstream {@code tls}. */
final class EnvoyTls {

    private EnvoyTls() {
    }

    /** A listener's DownstreamTlsContext; null when there is none or its certificates are not files. */
    static Map<String, Object> downstream(String at, JsonNode socket, List<String> notes) {
        JsonNode context = socket.path("typed_config");
        if (!context.has("common_tls_context")) {
            return null;
        }
        JsonNode common = context.get("common_tls_context");
        JsonNode certificate = common.path("tls_certificates").path(0);
        Map<String, Object> tls = new LinkedHashMap<>();
        tls.put("cert", certificate.path("certificate_chain").path("filename").asText());
        tls.put("key", certificate.path("private_key").path("filename").asText());
        String ca = common.path("validation_context").path("trusted_ca").path("filename").asText("");
        if (!ca.isEmpty()) {
            tls.put("client_ca", ca);
            tls.put("client_certificates", context.path("require_client_certificate").asBoolean(false)
                    ? "require" : "optional");
        }
        if (tls.get("cert").toString().isEmpty()) {
            notes.add(at + "downstream TLS without certificate files (SDS or inline): not carried over");
            return null;
        }
        return tls;
    }

    /** A cluster's UpstreamTlsContext; null when there is none. */
    static Map<String, Object> upstream(JsonNode socket) {
        JsonNode context = socket.path("typed_config");
        if (!context.has("common_tls_context") && !context.has("sni")) {
            return null;
        }
        JsonNode common = context.path("common_tls_context");
        Map<String, Object> tls = new LinkedHashMap<>();
        String ca = common.path("validation_context").path("trusted_ca").path("filename").asText("");
        if (!ca.isEmpty()) {
            tls.put("ca", ca);
        }
        JsonNode certificate = common.path("tls_certificates").path(0);
        if (certificate.has("certificate_chain")) {
            tls.put("cert", certificate.path("certificate_chain").path("filename").asText());
            tls.put("key", certificate.path("private_key").path("filename").asText());
        }
        if (context.has("sni")) {
            tls.put("server_name", context.get("sni").asText());
        }
        JsonNode validation = common.path("validation_context");
        if (!validation.has("match_typed_subject_alt_names") && !validation.has("match_subject_alt_names")) {
            // Envoy checks a node's name only when told which names to expect; Slotway checks it by default.
            tls.put("verify_hostname", false);
        }
        return tls;
    }
}
