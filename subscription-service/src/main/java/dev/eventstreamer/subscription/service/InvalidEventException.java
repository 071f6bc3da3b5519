package dev.eventstreamer.subscription.service;

/** An incoming event whose data cannot be applied; it is logged and skipped, never retried. */
public final class InvalidEventException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidEventException(String message) {
    super(message, null, false, false);
  }
}
