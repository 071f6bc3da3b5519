package dev.eventstreamer.common.problem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A failure a service answers with on purpose, as an RFC 9457 {@code application/problem+json}
 * body: the status and title of its {@link Kind}, a detail for the client, an optional {@code
 * error_code}, field {@link Violation}s and extra members such as {@code retry_after}.
 *
 * <p>Instances are immutable; {@link #withErrorCode} and {@link #with} return copies. No stack
 * trace is recorded: these are answers, not bugs.
 */
public final class ProblemException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Media type of every error body. */
  public static final String MEDIA_TYPE = "application/problem+json";

  // Members the mappers write themselves; an extra member must not overwrite them.
  private static final Set<String> RESERVED =
      Set.of("type", "title", "status", "detail", "instance", "error_code", "violations");

  /** What went wrong, which fixes the HTTP status and the title. */
  public enum Kind {
    BAD_REQUEST(400, "Bad Request"),
    UNAUTHORIZED(401, "Unauthorized"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Not Found"),
    CONFLICT(409, "Conflict"),
    CONTENT_TOO_LARGE(413, "Content Too Large"),
    UNPROCESSABLE_CONTENT(422, "Unprocessable Content"),
    TOO_MANY_REQUESTS(429, "Too Many Requests"),
    BAD_GATEWAY(502, "Bad Gateway"),
    SERVICE_UNAVAILABLE(503, "Service Unavailable"),
    GATEWAY_TIMEOUT(504, "Gateway Timeout");

    private final int status;
    private final String title;

    Kind(int status, String title) {
      this.status = status;
      this.title = title;
    }

    public int status() {
      return status;
    }

    public String title() {
      return title;
    }
  }

  private final Kind kind;
  private final String errorCode;
  private final List<Violation> violations;
  private final Map<String, Object> members;

  private ProblemException(
      Kind kind,
      String detail,
      String errorCode,
      List<Violation> violations,
      Map<String, Object> members,
      Throwable cause) {
    super(Objects.requireNonNull(detail, "detail"), cause, false, false);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.errorCode = errorCode;
    this.violations = List.copyOf(violations);
    this.members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
  }

  /** A problem of {@code kind} with {@code detail} as the text the client reads. */
  public static ProblemException of(Kind kind, String detail) {
    return new ProblemException(kind, detail, null, List.of(), Map.of(), null);
  }

  /** 400 with a detail only. */
  public static ProblemException badRequest(String detail) {
    return of(Kind.BAD_REQUEST, detail);
  }

  /** 400 listing the rejected fields; the detail names them. */
  public static ProblemException badRequest(List<Violation> violations) {
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("a bad request without violations needs a detail");
    }
    return badRequest(Violation.summary(violations), violations);
  }

  /** 400 with a detail and the rejected fields. */
  public static ProblemException badRequest(String detail, List<Violation> violations) {
    return new ProblemException(Kind.BAD_REQUEST, detail, null, violations, Map.of(), null);
  }

  /** 401: no API key, or one that is unknown or revoked. */
  public static ProblemException unauthorized(String detail) {
    return of(Kind.UNAUTHORIZED, detail);
  }

  /** 403: a valid API key (or none needed) without the right to do this. */
  public static ProblemException forbidden(String detail) {
    return of(Kind.FORBIDDEN, detail);
  }

  /** 404; keep the words "not found" in the detail, the published client looks for them. */
  public static ProblemException notFound(String detail) {
    return of(Kind.NOT_FOUND, detail);
  }

  /** 409: the request contradicts the current state (a duplicate, a version mismatch). */
  public static ProblemException conflict(String detail) {
    return of(Kind.CONFLICT, detail);
  }

  /** 429; add {@code retry_after} (seconds) with {@link #with}. */
  public static ProblemException tooManyRequests(String detail) {
    return of(Kind.TOO_MANY_REQUESTS, detail);
  }

  /** 503: a dependency is down or a breaker is open; add {@code retry_after} with {@link #with}. */
  public static ProblemException serviceUnavailable(String detail) {
    return of(Kind.SERVICE_UNAVAILABLE, detail);
  }

  /** A copy with a machine-readable code such as {@code CIRCUIT_BREAKER_OPEN}. */
  public ProblemException withErrorCode(String code) {
    return new ProblemException(
        kind, getMessage(), Objects.requireNonNull(code, "code"), violations, members, getCause());
  }

  /**
   * A copy with an extra member of the body; {@code value} must be a JSON value (string, number,
   * boolean, list or map of those) so it serializes without reflection.
   */
  public ProblemException with(String member, Object value) {
    if (RESERVED.contains(member)) {
      throw new IllegalArgumentException(member + " is a member the problem body sets itself");
    }
    Map<String, Object> copy = new LinkedHashMap<>(members);
    copy.put(member, Objects.requireNonNull(value, "value"));
    return new ProblemException(kind, getMessage(), errorCode, violations, copy, getCause());
  }

  /** A copy that keeps {@code cause} for the log; the client never sees it. */
  public ProblemException withCause(Throwable cause) {
    return new ProblemException(kind, getMessage(), errorCode, violations, members, cause);
  }

  public Kind kind() {
    return kind;
  }

  public int status() {
    return kind.status();
  }

  public String title() {
    return kind.title();
  }

  /** The text for the client, the {@code detail} member. */
  public String detail() {
    return getMessage();
  }

  public Optional<String> errorCode() {
    return Optional.ofNullable(errorCode);
  }

  public List<Violation> violations() {
    return violations;
  }

  /** Extra members in insertion order. */
  public Map<String, Object> members() {
    return members;
  }
}
