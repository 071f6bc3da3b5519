package dev.eventstreamer.common.resume;

/**
 * Why a resume token was rejected. Every kind is answered to clients with the same API error code,
 * {@link #ERROR_CODE}; the kind is for logs and metrics.
 */
public final class ResumeTokenException extends Exception {

  private static final long serialVersionUID = 1L;

  /** The API error code of every rejected token (API.md, stream error messages). */
  public static final String ERROR_CODE = "INVALID_RESUME_TOKEN";

  /** Why the token was rejected. */
  public enum Kind {
    /** Longer than {@link ResumeTokens#MAX_TOKEN_LENGTH}: refused before any parsing. */
    TOO_LONG,
    /** Null, empty, or not starting with {@code rt_}. */
    BAD_PREFIX,
    /** A character outside base64url (or padding), or a base64 length that cannot be. */
    BAD_BASE64,
    /** The position is not the JSON object we write (syntax, types, unknown or repeated fields). */
    BAD_JSON,
    /** A field of the position is absent or null. */
    MISSING_FIELD,
    /** A numeric field of the position is negative. */
    NEGATIVE_FIELD,
    /** The signature (or the dot before it) is cut short: the token was truncated. */
    TRUNCATED,
    /** Signed with a key id this service does not (or no longer) know. */
    UNKNOWN_KEY,
    /** The signature does not match: the token was altered or not issued by us. */
    FORGED,
    /** A genuine token, but of another subscription. */
    FOREIGN_SUBSCRIPTION
  }

  private final Kind kind;

  public ResumeTokenException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  /** Why the token was rejected. */
  public Kind kind() {
    return kind;
  }

  /** The API error code for clients: always {@value #ERROR_CODE}. */
  public String errorCode() {
    return ERROR_CODE;
  }
}
