package com.calendlysync.calendly;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.calendlysync.support.WebhookClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;

import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

/** The import API as an operator uses it: POST a range, poll the job until it ends. */
public final class ImportClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final WebhookClient http;

    public ImportClient(String baseUrl, WebhookClient http) {
        this.baseUrl = baseUrl;
        this.http = http;
    }

    public HttpResponse<String> post(String path, String body) {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public HttpResponse<String> start(String body) {
        return post("/api/v1/calendly/import", body);
    }

    public String startOk(String body) {
        HttpResponse<String> response = start(body);
        if (response.statusCode() != 202) {
            throw new AssertionError("import not accepted: " + response.statusCode() + " " + response.body());
        }
        return read(response.body()).get("jobId").asText();
    }

    public JsonNode job(String jobId) {
        HttpResponse<String> response = http.get("/api/v1/calendly/import/" + jobId);
        if (response.statusCode() != 200) {
            throw new AssertionError("job status: " + response.statusCode() + " " + response.body());
        }
        return read(response.body());
    }

    /** Waits until the job is completed or failed, and returns it. */
    public JsonNode await(String jobId, Duration timeout) {
        Awaitility.await("job " + jobId + " to finish").atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> job(jobId).get("status").asText(), anyOf(is("completed"), is("failed")));
        return job(jobId);
    }

    public static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
