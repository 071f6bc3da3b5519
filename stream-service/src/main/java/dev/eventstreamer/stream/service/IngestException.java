package dev.eventstreamer.stream.service;

/** Ingestion cannot go on as asked (a block too large to fetch, a reorg it cannot place). */
public final class IngestException extends RuntimeException {
  public IngestException(String message) {
    super(message);
  }
}
