package com.calendlysync.web;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import com.calendlysync.json.Json;
import com.calendlysync.mapping.MalformedInviteeException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns whatever a route threw into the answer a caller can act on: the status, a JSON body
 * {"error", "message"} and, when the database is unreachable, a 503 with Retry-After. Request
 * headers are dropped so none is echoed back. JSON a request brought that could not be read is
 * a 400 in JsonBody's words, and a value the database refuses (out of range, a NUL character)
 * a 400 too: both came from outside. Unexpected errors are logged with their stack trace and
 * answered with a reference to that log line, never with the trace, a class name or SQL.
 */
public final class ErrorReply implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorReply.class);
    private static final ObjectMapper JSON = Json.MAPPER;

    private final int retryAfterSeconds;

    public ErrorReply(int retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ApiException answer = classify(error, exchange.getExchangeId());
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, answer.getStatus());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (answer.getRetryAfterSeconds() != null) {
            exchange.getMessage().setHeader("Retry-After", answer.getRetryAfterSeconds());
        }
        exchange.getMessage().setBody(JSON.writeValueAsString(answer.getBody()));
    }

    /** True when the database cannot be reached: nothing can be stored, so the caller must retry. */
    public boolean isDatabaseUnavailable(Exchange exchange) {
        return databaseUnavailable(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
    }

    /** The answer a caller gets for this error, without logging it (the failed-delivery log keeps its message). */
    public ApiException answerFor(Throwable error, String reference) {
        // bean and expression calls wrap what they throw: the answer is in the cause chain
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api;
            }
            if (t instanceof MalformedInviteeException malformed) {
                return new ApiException(400, malformed.isMissing() ? "missing_field" : "invalid_field",
                        malformed.getMessage());
            }
            if (t instanceof StreamReadException || t instanceof StreamConstraintsException) {
                return JsonBody.unreadable((JsonProcessingException) t);
            }
        }
        if (dataException(error) != null) {
            return new ApiException(400, "invalid_value", "a value in the request cannot be stored or compared: it is "
                    + "out of range, too long, or holds a character such as NUL that the database does not accept");
        }
        if (databaseUnavailable(error)) {
            return new ApiException(503, "database_unavailable",
                    "the database cannot be reached right now; nothing was stored, retry later", retryAfterSeconds);
        }
        return new ApiException(500, "internal_error", "an unexpected error occurred; reference " + reference);
    }

    /** The answer, logged: an unreachable database as a warning, anything unexpected with its trace under the reference. */
    private ApiException classify(Throwable error, String reference) {
        ApiException answer = answerFor(error, reference);
        if (answer.getStatus() == 400 && dataException(error) != null) {
            // PostgreSQL's own text quotes the refused value (a name, an email): the SQLState says enough
            LOG.warn("The database refused a value of the request (SQLSTATE {}), reference {}", dataException(error), reference);
        } else if (answer.getStatus() == 503 && databaseUnavailable(error)) {
            LOG.warn("Database unavailable, answering 503 (SQLState {})", sqlState(error));
        } else if (answer.getStatus() >= 500) {
            PSQLException database = databaseError(error);
            if (database == null) {
                LOG.error("Unexpected error, reference {}", reference, error);
            } else {
                // PostgreSQL's own text quotes the values it refused (names, emails...): log what identifies the problem
                ServerErrorMessage said = database.getServerErrorMessage();
                LOG.error("Unexpected database error, reference {}: SQLState {}{}{}{}", reference, database.getSQLState(),
                        said == null || said.getConstraint() == null ? "" : ", constraint " + said.getConstraint(),
                        said == null || said.getTable() == null ? "" : ", table " + said.getTable(),
                        said == null || said.getRoutine() == null ? "" : ", in " + said.getRoutine());
            }
        }
        return answer;
    }

    public static boolean databaseUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException
                    || t.getClass().getName().equals("org.springframework.jdbc.CannotGetJdbcConnectionException")) {
                return true;
            }
            // 08: connection failures; 57P: the server is shutting down, crashed or not accepting connections yet
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static PSQLException databaseError(Throwable error) {
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof PSQLException psql) {
                return psql;
            }
        }
        return null;
    }

    /** The SQLSTATE of a PostgreSQL data exception (class 22, or 54000 a value too long) in the chain, else null. */
    private static String dataException(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().equals("54000"))) {
                return sql.getSQLState();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** The SQLState of the first SQL error in the chain: PostgreSQL's own texts can quote personal data. */
    private static String sqlState(Throwable error) {
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql.getSQLState();
            }
        }
        return "none";
    }
}
