package dev.eventstreamer.stream;

/** Where a subscription's ingestion stands; the names are the API's {@code streaming_status}. */
public enum IngestStatus {
  /** Its backfill worker reads history in wide ranges. */
  BACKFILLING("backfilling"),
  /** Caught up: the chain's live follower appends each new safe block. */
  LIVE("live"),
  /** Every block up to its end_block is in the log. */
  COMPLETED("completed"),
  /** Deleted: nothing more is ingested. */
  STOPPED("stopped");

  private final String value;

  IngestStatus(String value) {
    this.value = value;
  }

  /** The name in the database, the API and progress events. */
  public String value() {
    return value;
  }

  public static IngestStatus of(String value) {
    for (IngestStatus s : values()) {
      if (s.value.equals(value)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown ingestion status " + value);
  }
}
