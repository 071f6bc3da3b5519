package dev.eventstreamer.stream.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The JSON answers of the stream's control calls (API.md). */
final class StreamDtos {

  private StreamDtos() {}

  /** BatchAcknowledgmentResponse. */
  record BatchAck(
      boolean acknowledged,
      @JsonProperty("batch_id") String batchId,
      @JsonProperty("events_acknowledged") long eventsAcknowledged,
      @JsonProperty("connection_id") String connectionId,
      String timestamp,
      @JsonProperty("resume_token") String resumeToken) {}

  /** BulkBatchAcknowledgmentResponse. */
  record BulkAck(
      @JsonProperty("total_batches") int totalBatches,
      @JsonProperty("acknowledged_batches") int acknowledgedBatches,
      @JsonProperty("failed_batches") int failedBatches,
      @JsonProperty("failed_batch_ids") List<String> failedBatchIds,
      @JsonProperty("total_events_acknowledged") long totalEventsAcknowledged,
      @JsonProperty("connection_id") String connectionId,
      String timestamp,
      @JsonProperty("resume_token") String resumeToken) {}

  /** ClientHeartbeatResponse. */
  record HeartbeatAck(
      boolean acknowledged,
      @JsonProperty("server_timestamp") String serverTimestamp,
      @JsonProperty("connection_id") String connectionId) {}

  /** ProcessingStatusResponse. */
  record ProcessingStatus(
      @JsonProperty("subscription_id") long subscriptionId,
      @JsonProperty("is_processing") boolean isProcessing,
      @JsonProperty("connection_count") int connectionCount,
      String timestamp) {}
}
