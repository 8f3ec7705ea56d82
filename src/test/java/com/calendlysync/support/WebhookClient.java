package com.calendlysync.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import com.calendlysync.webhook.SignatureVerifier;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Posts deliveries the way Calendly does: signed over the exact bytes, JSON content type. Its
 * other calls (get, send) carry the admin API token, so tests about the webhook and the
 * Calendly side read the API as an admin would; ApiClient tests the access rules themselves.
 */
public final class WebhookClient {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build(); // no h2c upgrade attempt: the server speaks HTTP/1.1
    private final String baseUrl;
    private final String secret;
    private final String apiToken;

    public WebhookClient(String baseUrl, String secret) {
        this(baseUrl, secret, AppTestSupport.ADMIN_TOKEN);
    }

    public WebhookClient(String baseUrl, String secret, String apiToken) {
        this.baseUrl = baseUrl;
        this.secret = secret;
        this.apiToken = apiToken;
    }

    public HttpResponse<String> deliver(JsonNode envelope) {
        return deliver(Samples.compact(envelope));
    }

    public HttpResponse<String> deliver(byte[] body) {
        return post(body, SignatureVerifier.sign(secret, Instant.now().getEpochSecond(), body), "application/json");
    }

    public HttpResponse<String> post(byte[] body, String signatureHeader, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/calendly/webhook"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signatureHeader != null) {
            request.header("Calendly-Webhook-Signature", signatureHeader);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        if (apiToken != null && request.headers().firstValue("Authorization").isEmpty()) {
            request = HttpRequest.newBuilder(request, (name, value) -> true)
                    .header("Authorization", "Bearer " + apiToken).build();
        }
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
