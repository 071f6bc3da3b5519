package dev.eventstreamer.common.cloudevents;

import java.util.Optional;

/** Why an event could not be built or read: one exception type, told apart by its {@link Kind}. */
public final class CloudEventException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong, so a caller can answer (a 400, a dropped message) without parsing text. */
  public enum Kind {
    /** No CloudEvent at all: no spec version header, no CloudEvent metadata on a message. */
    NOT_A_CLOUD_EVENT,
    /** A spec version other than 1.0 or 0.3. */
    UNKNOWN_SPEC_VERSION,
    /** A required attribute (id, source, type, or one a caller requires) is absent or blank. */
    MISSING_ATTRIBUTE,
    /** An attribute is present but unusable (not a URI, not a time, wrong type). */
    INVALID_ATTRIBUTE,
    /** A structured or batch body is not the JSON it claims to be. */
    MALFORMED_BODY,
    /** The data is declared with a content type other than JSON. */
    UNSUPPORTED_CONTENT_TYPE,
    /** The data is declared as JSON but does not parse. */
    MALFORMED_DATA,
    /** The JSON data does not map to the class asked for, or a value does not map to JSON. */
    DATA_MAPPING
  }

  private final Kind kind;
  private final String attribute;

  public CloudEventException(Kind kind, String attribute, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.attribute = attribute;
  }

  public CloudEventException(Kind kind, String attribute, String message) {
    this(kind, attribute, message, null);
  }

  static CloudEventException missing(String attribute) {
    return new CloudEventException(
        Kind.MISSING_ATTRIBUTE, attribute, "The CloudEvent has no '" + attribute + "' attribute");
  }

  public Kind kind() {
    return kind;
  }

  /** The attribute at fault, when one is. */
  public Optional<String> attribute() {
    return Optional.ofNullable(attribute);
  }
}
