package dev.eventstreamer.common.problem.impl;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.problem.Violation;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ValidationException;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Answers every failed request of every service with an RFC 9457 problem body; the one place where
 * failures become HTTP errors, so no class name or stack trace reaches a client.
 */
public final class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  // PostgreSQL's SQLSTATE for a unique constraint violation.
  private static final String UNIQUE_VIOLATION = "23505";

  // Seconds a client is asked to wait while the database is unreachable.
  private static final int DATABASE_RETRY_AFTER = 5;

  @ServerExceptionMapper
  public Response problem(ProblemException e, HttpServerRequest request) {
    if (e.status() >= 500) {
      LOG.warnf(
          e.getCause(),
          "%s %s answered %d: %s",
          request.method(),
          request.path(),
          e.status(),
          e.detail());
    } else {
      LOG.debugf("%s %s answered %d: %s", request.method(), request.path(), e.status(), e.detail());
    }
    return ProblemBody.of(e, request.path()).toResponse();
  }

  @ServerExceptionMapper
  public Response invalidParameters(
      ConstraintViolationException e, HttpServerRequest request, ResourceInfo resource) {
    // As Quarkus decides: only the parameters of the resource method are the client's fault; a
    // violation anywhere else (a return value, a service bean) is a bug of the server.
    if (!(e instanceof ResteasyReactiveViolationException)
        || e.getConstraintViolations().stream().anyMatch(RequestViolations::isReturnValue)) {
      return unexpected(e, request);
    }
    Method method = resource.getResourceMethod();
    List<Violation> violations = new ArrayList<>();
    for (ConstraintViolation<?> v : e.getConstraintViolations()) {
      Violation violation = RequestViolations.of(v, method);
      if (violation.in() == Violation.In.BODY
          && violation.field().isEmpty()
          && v.getConstraintDescriptor().getAnnotation() instanceof NotNull) {
        return ProblemBody.of(400, "A request body is required", request.path())
            .violations(List.of(Violation.body("", "is required")))
            .toResponse();
      }
      violations.add(violation);
    }
    List<Violation> sorted = ProblemBody.sorted(violations);
    return ProblemBody.of(400, Violation.summary(sorted), request.path())
        .violations(sorted)
        .toResponse();
  }

  @ServerExceptionMapper
  public Response invalidValidation(ValidationException e, HttpServerRequest request) {
    // A constraint the validator cannot evaluate: a bug, answered like any other.
    return unexpected(e, request);
  }

  @ServerExceptionMapper
  public Response mismatchedBody(MismatchedInputException e, HttpServerRequest request) {
    return invalidBody(e, request);
  }

  @ServerExceptionMapper
  public Response jsonLimits(StreamConstraintsException e, HttpServerRequest request) {
    // Jackson's read limits protect the server from a hostile body; the client sent too much. (The
    // write limits are far beyond any answer of ours.)
    LOG.debugf("%s %s: %s", request.method(), request.path(), e.getOriginalMessage());
    return ProblemBody.of(
            400,
            "The JSON body exceeds the limits on nesting depth or on number or string length",
            request.path())
        .toResponse();
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e, HttpServerRequest request) {
    Response response = e.getResponse();
    if (response.hasEntity()) {
      // The application built this answer itself, body included.
      return response;
    }
    Optional<JsonParseException> syntax = JsonBodyErrors.syntaxError(e);
    if (syntax.isPresent()) {
      return ProblemBody.of(400, JsonBodyErrors.malformed(syntax.get()), request.path())
          .toResponse();
    }
    if (e.getCause() instanceof DatabindException d) {
      return invalidBody(d, request);
    }
    int status = response.getStatus();
    if ((e instanceof NotFoundException || e instanceof BadRequestException)
        && e.getCause() != null
        && !(e.getCause() instanceof WebApplicationException)) {
      // A parameter that does not convert: Quarkus REST answers 404 for path and query parameters,
      // as JAX-RS says, though the resource exists and the value is wrong, and 400 for headers.
      // The converter's message may name Java types, so it stays in the log.
      LOG.debugf(
          e.getCause(), "%s %s: a parameter does not convert", request.method(), request.path());
      return ProblemBody.of(
              400, "A request parameter has a value of the wrong type", request.path())
          .toResponse();
    }
    String error = status >= 500 ? errorId() : null;
    if (error != null) {
      LOG.errorf(e, "Error %s: %s %s answered %d", error, request.method(), request.path(), status);
    }
    ProblemBody body =
        ProblemBody.of(
            status, ProblemBody.reasonPhrase(status), detail(e, status, request), request.path());
    if (error != null) {
      body.member("error_id", error);
    }
    return body.toResponse(Response.fromResponse(response));
  }

  @ServerExceptionMapper
  public Response database(PgException e, HttpServerRequest request) {
    return UNIQUE_VIOLATION.equals(e.getSqlState())
        ? duplicate(e, request)
        : unexpected(e, request);
  }

  /**
   * Whether {@code e} says the database cannot be reached (down, restarting, refusing connections):
   * the service is unavailable for a while, not broken.
   */
  static boolean databaseUnreachable(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof ConnectException || c instanceof ClosedConnectionException) {
        return true;
      }
      String state =
          c instanceof PgException pg
              ? pg.getSqlState()
              : c instanceof SQLException sql ? sql.getSQLState() : null;
      // Class 08: connection exceptions; 57P01-57P03: shutting down, cannot connect now.
      if (state != null && (state.startsWith("08") || state.startsWith("57P0"))) {
        return true;
      }
      String message = c.getMessage();
      if (message != null
          && (message.contains("Connection refused")
              || message.contains("connection might get lost")
              || message.contains("connection may have been lost")
              || message.contains("Acquisition timeout"))) {
        return true;
      }
    }
    return false;
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e, HttpServerRequest request) {
    // Persistence layers wrap the driver's error: the reactive client's PgException, or (Hibernate
    // Reactive and ORM) a JDBC-style SQLException carrying the same SQLSTATE.
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
        return duplicate(pg, request);
      }
      if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
        LOG.infof("%s %s conflicts with a unique constraint", request.method(), request.path());
        return conflict(request);
      }
    }
    return unexpected(e, request.method().name(), request.path()).toResponse();
  }

  /**
   * A 500 for a failure nobody expected: logged in full under a fresh error id, which is all the
   * client learns. Public for Vert.x routes, which answer their failures themselves.
   */
  public static ProblemBody unexpected(Throwable e, String method, String path) {
    if (databaseUnreachable(e)) {
      LOG.warnf("%s %s answered 503, the database is unreachable: %s", method, path, e);
      return ProblemBody.of(
              503, "The service cannot reach its database now; retry in a few seconds", path)
          .member("retry_after", DATABASE_RETRY_AFTER);
    }
    String error = errorId();
    LOG.errorf(e, "Error %s: %s %s failed", error, method, path);
    return ProblemBody.of(
            500,
            "The server failed to answer; report error id " + error + " to its operators",
            path)
        .member("error_id", error);
  }

  private static Response invalidBody(DatabindException e, HttpServerRequest request) {
    List<Violation> violations = List.of(JsonBodyErrors.violation(e));
    return ProblemBody.of(400, Violation.summary(violations), request.path())
        .violations(violations)
        .toResponse();
  }

  private static Response duplicate(PgException e, HttpServerRequest request) {
    // The constraint and the duplicate values are the database's business, not the client's.
    LOG.infof(
        "%s %s conflicts with unique constraint %s on %s",
        request.method(), request.path(), e.getConstraint(), e.getTable());
    return conflict(request);
  }

  private static Response conflict(HttpServerRequest request) {
    return ProblemBody.of(
            409, "The resource conflicts with one that already exists", request.path())
        .toResponse();
  }

  private static String detail(WebApplicationException e, int status, HttpServerRequest request) {
    switch (status) {
      case 404:
        // The published client recognises a 404 by the words "not found".
        if (hasOwnMessage(e, status)
            && e.getMessage().toLowerCase(Locale.ROOT).contains("not found")) {
          return e.getMessage();
        }
        return "Resource " + request.path() + " not found";
      case 405:
        return "Method " + request.method() + " is not allowed on " + request.path();
      case 406:
        return "None of the accepted media types can be produced: "
            + Optional.ofNullable(request.getHeader(HttpHeaders.ACCEPT)).orElse("");
      case 415:
        return "Content type "
            + Optional.ofNullable(request.getHeader(HttpHeaders.CONTENT_TYPE)).orElse("(none)")
            + " is not supported";
      default:
        if (status < 500 && hasOwnMessage(e, status)) {
          return e.getMessage();
        }
        return status >= 500 ? "The server failed to answer" : ProblemBody.reasonPhrase(status);
    }
  }

  // JAX-RS fills in "HTTP 404 Not Found" when the thrower gave no message.
  private static boolean hasOwnMessage(WebApplicationException e, int status) {
    String message = e.getMessage();
    return message != null && !message.isBlank() && !message.startsWith("HTTP " + status + " ");
  }

  private static String errorId() {
    return UUID.randomUUID().toString();
  }
}
