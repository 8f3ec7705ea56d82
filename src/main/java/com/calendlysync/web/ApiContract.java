package com.calendlysync.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.calendlysync.json.Json;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The API's contract, {@code openapi.json} in the jar: every operation the app serves, at its
 * path and method, with its {@code operationId} and the roles ({@code x-roles}) a token needs.
 * {@link ApiRoutes} serves exactly these operations and nothing else, so the document, the
 * routes and the role checks cannot drift apart. Also bean {@code apiContract}, which serves the
 * document itself.
 */
public final class ApiContract {

    /** One operation: the YAML route {@code direct:<operationId>} implements it. */
    public record Operation(String method, String path, String operationId, String roles,
                            Map<String, String> pathParameterTypes, boolean streamed, boolean upload) {

        /** Open operations (the webhook, the dashboard's files) need no API token. */
        public boolean open() {
            return roles == null;
        }
    }

    /** The operations of one path, as one HTTP route serves them. */
    public record PathItem(String path, List<Operation> operations) {

        public String methods() {
            return String.join(",", operations.stream().map(Operation::method).toList());
        }

        public boolean streamed() {
            return operations.stream().anyMatch(Operation::streamed);
        }
    }

    private final String text;
    private final List<PathItem> paths;

    public ApiContract() throws IOException {
        try (InputStream in = ApiContract.class.getResourceAsStream("/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the jar");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        paths = read(Json.MAPPER.readTree(text));
    }

    /** The document as served by GET /api/v1/openapi.json. */
    public String text() {
        return text;
    }

    /**
     * Every path with its operations; paths without a template part come first, so that a fixed
     * path such as /api/v1/meetings/export is never read as /api/v1/meetings/{meetingId}.
     */
    public List<PathItem> paths() {
        return paths;
    }

    private static List<PathItem> read(JsonNode doc) {
        JsonNode parameters = doc.path("components").path("parameters");
        List<PathItem> items = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            List<Operation> operations = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                operations.add(operation(op.getKey().toUpperCase(Locale.ROOT), path.getKey(), op.getValue(), parameters));
            }
            items.add(new PathItem(path.getKey(), List.copyOf(operations)));
        }
        items.sort(Comparator.comparing((PathItem p) -> p.path().contains("{")));
        return List.copyOf(items);
    }

    private static Operation operation(String method, String path, JsonNode op, JsonNode shared) {
        String id = op.path("operationId").asText("");
        if (!id.matches("[a-zA-Z][a-zA-Z0-9]*")) {
            throw new IllegalStateException("openapi.json: " + method + " " + path + " needs an operationId");
        }
        boolean open = op.has("security") && op.get("security").isEmpty();
        List<String> roles = new ArrayList<>();
        op.path("x-roles").forEach(role -> roles.add(role.asText()));
        if (!open && roles.isEmpty()) {
            throw new IllegalStateException("openapi.json: " + id + " lists no x-roles");
        }
        Map<String, String> pathTypes = new LinkedHashMap<>();
        for (JsonNode parameter : op.path("parameters")) {
            JsonNode resolved = parameter.has("$ref")
                    ? shared.path(parameter.get("$ref").asText().replace("#/components/parameters/", ""))
                    : parameter;
            if (resolved.isMissingNode()) {
                throw new IllegalStateException("openapi.json: " + id + " refers to " + parameter.get("$ref") + ", which is not defined");
            }
            if ("path".equals(resolved.path("in").asText())) {
                pathTypes.put(resolved.path("name").asText(), resolved.path("schema").path("type").asText("string"));
            }
        }
        boolean streamed = op.path("responses").path("200").path("content").has("text/csv");
        // a file sent in (text/csv) may be larger than any JSON body
        boolean upload = op.path("requestBody").path("content").has("text/csv");
        return new Operation(method, path, id, open ? null : String.join(",", roles), Map.copyOf(pathTypes), streamed, upload);
    }
}
