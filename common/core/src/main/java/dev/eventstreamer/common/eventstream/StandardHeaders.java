package dev.eventstreamer.common.eventstream;

/** Header names and values of the AWS event stream conventions that stream-service uses. */
public final class StandardHeaders {

  /** {@code event}, {@code error} or {@code exception}. */
  public static final String MESSAGE_TYPE = ":message-type";

  /** What an {@code event} message carries, e.g. {@code event_batch}. */
  public static final String EVENT_TYPE = ":event-type";

  /** Media type of the payload. */
  public static final String CONTENT_TYPE = ":content-type";

  /** Code of an {@code error} message. */
  public static final String ERROR_CODE = ":error-code";

  /** Human text of an {@code error} message. */
  public static final String ERROR_MESSAGE = ":error-message";

  /** Type of an {@code exception} message. */
  public static final String EXCEPTION_TYPE = ":exception-type";

  /** {@code :message-type} value of an event. */
  public static final String TYPE_EVENT = "event";

  /** {@code :message-type} value of an error. */
  public static final String TYPE_ERROR = "error";

  /** {@code :message-type} value of an exception. */
  public static final String TYPE_EXCEPTION = "exception";

  private StandardHeaders() {}
}
