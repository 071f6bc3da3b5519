package dev.eventstreamer.rules.service;

/**
 * A failure inside one unit of work: a rule's expression threw, ran past its bounds, returned what
 * the flavor cannot use, or a write of the unit was refused. It becomes a fault of that unit; the
 * rest of the batch goes on.
 */
public class UowFailure extends RuntimeException {

  private final String name;

  public UowFailure(String name, String message) {
    super(message, null, false, false);
    this.name = name;
  }

  public UowFailure(String name, String message, Throwable cause) {
    super(message, cause, false, false);
    this.name = name;
  }

  /** The fault's {@code error.name}: what kind of failure, as aws-lambda-stream names them. */
  public String name() {
    return name;
  }
}
