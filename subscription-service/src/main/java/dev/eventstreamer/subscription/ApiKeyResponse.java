package dev.eventstreamer.subscription;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An API key as /api/keys shows it; {@code key} is the secret itself, present only in the answer to
 * its creation (it is stored hashed and cannot be shown again).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ApiKeyResponse(
    @JsonProperty("id") long id,
    @JsonProperty("key") @JsonInclude(JsonInclude.Include.NON_NULL) String key,
    @JsonProperty("prefix") String prefix,
    @JsonProperty("subscriber_id") String subscriberId,
    @JsonProperty("name") String name,
    @JsonProperty("created_at") String createdAt,
    @JsonProperty("revoked_at") String revokedAt) {}
