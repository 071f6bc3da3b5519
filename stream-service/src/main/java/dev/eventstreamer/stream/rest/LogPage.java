package dev.eventstreamer.stream.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.util.List;

/**
 * A page of a subscription's log, as {@code GET /subscriptions/{id}/events} answers it.
 *
 * @param nextAfterSeq the {@code after_seq} of the next page (the last seq here, or the one asked
 *     for when the page is empty)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record LogPage(
    @JsonProperty("subscription_id") long subscriptionId,
    @JsonProperty("streaming_status") String streamingStatus,
    @JsonProperty("last_processed_block") Long lastProcessedBlock,
    @JsonProperty("events") List<Entry> events,
    @JsonProperty("next_after_seq") long nextAfterSeq) {

  /** One event: its place in the log, its event name, and the event object of API.md. */
  public record Entry(
      @JsonProperty("seq") long seq,
      @JsonProperty("event_name") String eventName,
      @JsonProperty("event") @JsonRawValue String event) {}
}
