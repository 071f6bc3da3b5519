package dev.eventstreamer.chainconfig.rest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The answer to a registry write; {@code chain_id} is 0 for a refresh of every chain. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChainConfigResponse(String message, long chainId, String timestamp) {}
