package dev.eventstreamer.stream.service;

import dev.eventstreamer.common.resume.ResumePosition;
import dev.eventstreamer.common.resume.ResumeTokenException;

/**
 * Batch ids that say which events they cover, so any replica can take an ack for any batch without
 * a record of what was sent: {@code b<first seq>-<resume token of the batch's last event>}. The
 * token's signature proves the subscription and the last event; the first seq needs none, since
 * every event of the subscription up to the last one had been sent when the batch was.
 */
public final class BatchIds {

  /** The events a batch id covers. */
  public record Range(long firstSeq, ResumePosition last) {}

  private BatchIds() {}

  public static String of(long firstSeq, String lastToken) {
    return "b" + firstSeq + "-" + lastToken;
  }

  /**
   * The range of {@code batchId} for {@code subscriptionId}, or null when it is not one of ours.
   */
  public static Range parse(StreamKeys keys, String batchId, long subscriptionId) {
    if (batchId == null || batchId.length() < 4 || batchId.charAt(0) != 'b') {
      return null;
    }
    int dash = batchId.indexOf('-');
    if (dash < 2 || dash > 20) {
      return null;
    }
    long first;
    try {
      first = Long.parseLong(batchId, 1, dash, 10);
    } catch (NumberFormatException e) {
      return null;
    }
    ResumePosition last;
    try {
      last = keys.tokens().verify(batchId.substring(dash + 1), subscriptionId);
    } catch (ResumeTokenException e) {
      return null;
    }
    if (first < 1 || first > last.sequence()) {
      return null;
    }
    return new Range(first, last);
  }
}
