package dev.eventstreamer.subscription;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A subscription as the API answers it and as {@code subscription-events} carry it (API.md
 * SubscriptionResponse): every field always present, null where empty.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SubscriptionResponse(
    @JsonProperty("id") long id,
    @JsonProperty("topic0") String topic0,
    @JsonProperty("event_signature") JsonNode eventSignature,
    @JsonProperty("addresses") List<String> addresses,
    @JsonProperty("start_block") long startBlock,
    @JsonProperty("end_block") Long endBlock,
    @JsonProperty("chain_id") long chainId,
    @JsonProperty("subscriber_id") String subscriberId,
    @JsonProperty("last_processed_block") Long lastProcessedBlock,
    @JsonProperty("is_streaming") boolean streaming,
    @JsonProperty("streaming_status") String streamingStatus,
    @JsonProperty("resume_token") String resumeToken,
    @JsonProperty("last_event_id") String lastEventId,
    @JsonProperty("events_delivered") long eventsDelivered,
    @JsonProperty("created_at") String createdAt,
    @JsonProperty("updated_at") String updatedAt) {}
