package dev.eventstreamer.subscription;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One page of subscriptions (API.md SubscriptionListResponse); {@code page} is 1-based. */
public record SubscriptionListResponse(
    @JsonProperty("subscriptions") List<SubscriptionResponse> subscriptions,
    @JsonProperty("total") long total,
    @JsonProperty("page") int page,
    @JsonProperty("page_size") int pageSize) {}
