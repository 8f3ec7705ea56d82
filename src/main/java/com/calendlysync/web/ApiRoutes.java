package com.calendlysync.web;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.RouteDefinition;

/**
 * The HTTP side of the API, made from its contract ({@link ApiContract}): one platform-http
 * route per path, which picks the operation by method, checks the caller's role against the
 * operation's x-roles, turns whole-number path parameters into numbers (or a 400 naming them)
 * and hands over to the YAML route {@code direct:<operationId>} that does the work.
 */
public final class ApiRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // Camel Main finds this class by its package scan, after the configuration bound the contract
        ApiContract contract = getContext().getRegistry().lookupByNameAndType("apiContract", ApiContract.class);
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
