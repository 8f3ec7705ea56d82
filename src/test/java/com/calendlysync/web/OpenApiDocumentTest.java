package com.calendlysync.web;

import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import com.calendlysync.support.ApiClient;
import com.calendlysync.support.AppTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * /api/v1/openapi.json says exactly what the app serves: every platform-http route (path and
 * method) is documented, and every documented operation is served.
 */
class OpenApiDocumentTest extends AppTestSupport {

    @Test
    void documentIsServedToAnyRoleAndIsOpenApi3() {
        HttpResponse<String> response = api.get("/api/v1/openapi.json", ADMIN_TOKEN);
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode doc = ApiClient.json(response);
        assertTrue(doc.get("openapi").asText().startsWith("3."));
        assertEquals(401, api.get("/api/v1/openapi.json", null).statusCode());
    }

    @Test
    void documentAndRegisteredRoutesAgree() {
        TreeSet<String> served = new TreeSet<>();
        for (Route route : context.getRoutes()) {
            if (route.getEndpoint() instanceof PlatformHttpEndpoint http) {
                String methods = http.getHttpMethodRestrict();
                assertTrue(methods != null && !methods.isBlank(), "route " + route.getRouteId() + " takes every method; restrict it");
                for (String method : methods.split(",")) {
                    served.add(method.trim().toUpperCase(Locale.ROOT) + " " + http.getPath());
                }
            }
        }
        JsonNode doc = ApiClient.json(api.get("/api/v1/openapi.json", ADMIN_TOKEN));
        TreeSet<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String key = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                documented.add(key);
            }
        }

        TreeSet<String> undocumented = new TreeSet<>(served);
        undocumented.removeAll(documented);
        assertEquals(new TreeSet<>(), undocumented, "served but not in openapi.json");

        TreeSet<String> notServed = new TreeSet<>(documented);
        notServed.removeAll(served);
        assertEquals(new TreeSet<>(), notServed, "in openapi.json but not served");
    }

    @Test
    void everyOperationIsImplementedByTheRouteNamedAfterItsOperationId() {
        JsonNode doc = ApiClient.json(api.get("/api/v1/openapi.json", ADMIN_TOKEN));
        TreeSet<String> missing = new TreeSet<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String id = op.getValue().path("operationId").asText();
            Route route = context.getRoute(id);
            if (route == null || !route.getEndpoint().getEndpointUri().equals("direct://" + id)) {
                missing.add(id);
            }
        }));
        assertEquals(new TreeSet<>(), missing, "operations without a route from direct:<operationId>");
    }

    @Test
    void everyApiOperationSaysWhichRolesMayCallIt() {
        JsonNode doc = ApiClient.json(api.get("/api/v1/openapi.json", ADMIN_TOKEN));
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            boolean open = op.getValue().has("security") && op.getValue().get("security").isEmpty();
            if (path.getKey().startsWith("/api/v1/") && !open) {
                assertTrue(op.getValue().path("x-roles").isArray() && op.getValue().path("x-roles").size() > 0,
                        op.getKey() + " " + path.getKey() + " lists no x-roles");
            }
        }));
    }
}
