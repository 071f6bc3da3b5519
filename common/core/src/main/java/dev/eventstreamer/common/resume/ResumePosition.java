package dev.eventstreamer.common.resume;

/** Where a subscription's stream stopped: what a resume token carries. All fields are >= 0. */
public record ResumePosition(long subscriptionId, long sequence, long blockNumber, long logIndex) {

  public ResumePosition {
    if (subscriptionId < 0 || sequence < 0 || blockNumber < 0 || logIndex < 0) {
      throw new IllegalArgumentException(
          String.format(
              "resume position fields must be >= 0: subscription_id=%d sequence=%d"
                  + " block_number=%d log_index=%d",
              subscriptionId, sequence, blockNumber, logIndex));
    }
  }
}
