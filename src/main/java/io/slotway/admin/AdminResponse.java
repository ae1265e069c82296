package io.slotway.admin;

import java.nio.charset.StandardCharsets;

/** An HTTP response body with its status and content type. */
record AdminResponse(int status, String contentType, byte[] body) {

    static final String TEXT = "text/plain; charset=utf-8";
    static final String JSON = "application/json";

    static AdminResponse text(int status, String body) {
        return new AdminResponse(status, TEXT, body.getBytes(StandardCharsets.UTF_8));
    }
}
