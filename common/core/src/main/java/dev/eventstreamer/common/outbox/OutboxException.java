package dev.eventstreamer.common.outbox;

/** A misuse of the outbox: an event that cannot be stored or a channel that cannot be served. */
public final class OutboxException extends RuntimeException {

  /** What went wrong. */
  public enum Kind {
    /** A required attribute of an {@link OutboxEvent} is missing or malformed. */
    INVALID_EVENT,
    /** Two {@link OutboxChannel} beans name the same channel. */
    DUPLICATE_CHANNEL,
    /** The relay cannot reach the service's database configuration. */
    NO_DATASOURCE
  }

  private final Kind kind;

  public OutboxException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
