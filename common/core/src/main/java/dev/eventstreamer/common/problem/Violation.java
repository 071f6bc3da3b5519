package dev.eventstreamer.common.problem;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One rejected input of a request: where it was sent, its name as the client wrote it (a JSON path
 * such as {@code event_signature.inputs[0].type} for body fields) and why it was rejected.
 */
public record Violation(In in, String field, String message) {

  /** The part of the request the field was sent in. */
  public enum In {
    BODY,
    QUERY,
    PATH,
    HEADER;

    /** The name in problem bodies: {@code body}, {@code query}, {@code path}, {@code header}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Violation {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  /** A field of the JSON body; {@code field} is its JSON path, empty for the body as a whole. */
  public static Violation body(String field, String message) {
    return new Violation(In.BODY, field, message);
  }

  /** A query parameter. */
  public static Violation query(String name, String message) {
    return new Violation(In.QUERY, name, message);
  }

  /** A path parameter. */
  public static Violation path(String name, String message) {
    return new Violation(In.PATH, name, message);
  }

  /** A request header. */
  public static Violation header(String name, String message) {
    return new Violation(In.HEADER, name, message);
  }

  /**
   * A detail naming each field, e.g. {@code Invalid chain_id: must not be null; Invalid request
   * body: must not be null}.
   */
  public static String summary(List<Violation> violations) {
    return violations.stream()
        .map(v -> "Invalid " + v.name() + ": " + v.message())
        .collect(Collectors.joining("; "));
  }

  // The body as a whole has no field name.
  private String name() {
    return field.isEmpty() ? "request " + in.wireName() : field;
  }
}
