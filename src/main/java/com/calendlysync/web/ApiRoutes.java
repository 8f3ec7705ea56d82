package com.calendlysync.web;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.RouteDefinition;

/**
 * The HTTP side of the API, made from its contract ({@link ApiContract}): one platform-http
 * route per path, which picks the operation by method, refuses a body over CALENDLY_MAX_BODY_BYTES
 * (413; file uploads may be up to CALENDLY_MAX_UPLOAD_BYTES), checks the caller's role against the
 * operation's x-roles, turns whole-number path parameters into numbers (or a 400 naming them)
 * and hands over to the YAML route {@code direct:<operationId>} that does the work.
 */
public final class ApiRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // Camel Main finds this class by its package scan, after the configuration bound the contract
        ApiContract contract = getContext().getRegistry().lookupByNameAndType("apiContract", ApiContract.class);
        long maxBody = Long.parseLong(getContext().resolvePropertyPlaceholders("{{calendly.max-body-bytes}}").trim());
        for (ApiContract.PathItem path : contract.paths()) {
            RouteDefinition route = from("platform-http:" + path.path() + "?httpMethodRestrict=" + path.methods())
                    .routeId("http:" + path.path())
                    .routeConfigurationId("api-errors");
            if (path.streamed()) {
                // a file answer goes out as it is made; caching it would hold it whole in memory
                route.streamCache("false");
            }
            ChoiceDefinition choice = route.choice();
            for (ApiContract.Operation operation : path.operations()) {
                choice.when(header(Exchange.HTTP_METHOD).isEqualTo(operation.method()));
                if (!operation.upload()) {
                    choice.process(exchange -> {
                        byte[] body = exchange.getMessage().getBody(byte[].class);
                        if (body != null && body.length > maxBody) {
                            throw new ApiException(413, "payload_too_large",
                                    "the body is larger than " + maxBody + " bytes (CALENDLY_MAX_BODY_BYTES)");
                        }
                        exchange.getMessage().setBody(body);
                    });
                }
                if (!operation.open()) {
                    choice.bean("access", "require(*, '" + operation.roles() + "')");
                }
                for (Map.Entry<String, String> parameter : operation.pathParameterTypes().entrySet()) {
                    if ("integer".equals(parameter.getValue())) {
                        String name = parameter.getKey();
                        choice.process(exchange -> exchange.getMessage().setHeader(name, RequestParameters.positiveId(
                                String.valueOf(exchange.getMessage().getHeader(name, "", String.class)).trim(), name)));
                    }
                }
                choice.to("direct:" + operation.operationId());
            }
            choice.end();
        }
    }
}
