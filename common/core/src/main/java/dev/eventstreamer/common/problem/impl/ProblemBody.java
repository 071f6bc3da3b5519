package dev.eventstreamer.common.problem.impl;

import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.problem.Violation;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 body in member order {@code type, title, status, detail, instance, ...}, kept as maps
 * and lists so Jackson writes it without reflection. Public for Vert.x routes, where no JAX-RS
 * mapper runs: they {@link #send} it themselves.
 */
public final class ProblemBody {

  // Titles are the HTTP reason phrases, so the type is the RFC's "about:blank".
  static final String TYPE = "about:blank";

  // HV reports violations as a set; a fixed order keeps bodies stable for clients and tests.
  private static final Comparator<Violation> ORDER =
      Comparator.comparing(Violation::in)
          .thenComparing(Violation::field)
          .thenComparing(Violation::message);

  private static final String WWW_AUTHENTICATE = "WWW-Authenticate";
  private static final String BEARER = "Bearer";
  private static final String RETRY_AFTER = "retry_after";
  private static final String RETRY_AFTER_HEADER = "Retry-After";

  private final Map<String, Object> members = new LinkedHashMap<>();
  private final int status;

  private ProblemBody(int status, String title, String detail, String instance) {
    this.status = status;
    members.put("type", TYPE);
    members.put("title", title);
    members.put("status", status);
    members.put("detail", detail);
    if (instance != null) {
      members.put("instance", instance);
    }
  }

  public static ProblemBody of(int status, String title, String detail, String instance) {
    return new ProblemBody(status, title, detail, instance);
  }

  /** The title is the reason phrase of {@code status}. */
  static ProblemBody of(int status, String detail, String instance) {
    return of(status, reasonPhrase(status), detail, instance);
  }

  public static ProblemBody of(ProblemException e, String instance) {
    ProblemBody body = of(e.status(), e.title(), e.detail(), instance);
    e.errorCode().ifPresent(code -> body.member("error_code", code));
    if (!e.violations().isEmpty()) {
      body.violations(e.violations());
    }
    e.members().forEach(body::member);
    return body;
  }

  public ProblemBody member(String name, Object value) {
    members.put(name, value);
    return this;
  }

  static List<Violation> sorted(List<Violation> violations) {
    List<Violation> sorted = new ArrayList<>(violations);
    sorted.sort(ORDER);
    return sorted;
  }

  ProblemBody violations(List<Violation> violations) {
    List<Violation> sorted = sorted(violations);
    List<Map<String, String>> list = new ArrayList<>(sorted.size());
    for (Violation v : sorted) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("in", v.in().wireName());
      m.put("field", v.field());
      m.put("message", v.message());
      list.add(m);
    }
    members.put("violations", list);
    return this;
  }

  /**
   * Ends {@code response} with this body; headers set before (e.g. Retry-After) are kept. The
   * future completes once the answer is written to the connection.
   */
  public Future<Void> send(HttpServerResponse response) {
    if (status == 401 && !response.headers().contains(WWW_AUTHENTICATE)) {
      response.putHeader(WWW_AUTHENTICATE, BEARER);
    }
    Object retryAfter = members.get(RETRY_AFTER);
    if (retryAfter != null && !response.headers().contains(RETRY_AFTER_HEADER)) {
      response.putHeader(RETRY_AFTER_HEADER, retryAfter.toString());
    }
    return response
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, ProblemException.MEDIA_TYPE)
        .end(Json.encodeToBuffer(members));
  }

  Response toResponse() {
    Response.ResponseBuilder builder = Response.status(status);
    // RFC 9110: a 401 names the scheme that would get the client in (keys go as Bearer tokens).
    if (status == 401) {
      builder.header(WWW_AUTHENTICATE, BEARER);
    }
    // And a 429 or 503 says when to come back, as its retry_after member does.
    Object retryAfter = members.get(RETRY_AFTER);
    if (retryAfter != null) {
      builder.header(RETRY_AFTER_HEADER, retryAfter.toString());
    }
    return toResponse(builder);
  }

  /** Completes {@code builder} (which may carry headers such as {@code Allow}) with this body. */
  Response toResponse(Response.ResponseBuilder builder) {
    return builder.status(status).entity(members).type(ProblemException.MEDIA_TYPE).build();
  }

  static String reasonPhrase(int status) {
    Response.Status known = Response.Status.fromStatusCode(status);
    if (known != null) {
      return known.getReasonPhrase();
    }
    return switch (Response.Status.Family.familyOf(status)) {
      case CLIENT_ERROR -> "Client Error";
      case SERVER_ERROR -> "Server Error";
      default -> "Error";
    };
  }
}
