package dev.eventstreamer.subscription;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The keys of one subscriber, or of all, ordered by id. */
public record ApiKeyListResponse(
    @JsonProperty("keys") List<ApiKeyResponse> keys, @JsonProperty("total") int total) {}
