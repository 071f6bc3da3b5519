package dev.eventstreamer.common.cloudevents;

/**
 * An incoming event whose data cannot be applied; {@code EventConsumer} logs and skips it, never
 * retries it.
 */
public final class InvalidEventException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidEventException(String message) {
    super(message, null, false, false);
  }
}
