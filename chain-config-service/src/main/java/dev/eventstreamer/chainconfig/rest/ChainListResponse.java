package dev.eventstreamer.chainconfig.rest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.eventstreamer.chainconfig.service.ChainView;
import java.util.Map;

/** {@code GET /api/chains}: the chains keyed by their id as a string, ascending. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChainListResponse(Map<String, ChainView> chains, int totalChains, String timestamp) {}
