package dev.eventstreamer.chainconfig.rest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The request body's schema for the OpenAPI document: the schema package's fields and the SDK
 * README's older ones, all optional on PUT. {@link ChainRequestReader} reads the actual body.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChainRequest(
    Long chainId,
    String name,
    String historicalRpcUrl,
    List<String> rpcUrls,
    String liveWebsocketUrl,
    Double averageBlockTime,
    Integer confirmationBlocks,
    Integer maxBlocksPerRequest,
    Integer historicalMaxChunkSize,
    Integer historicalMaxRetries,
    Integer historicalMaxConcurrent,
    Integer historicalProgressInterval,
    Integer liveMaxRetries,
    Integer liveRetryDelay,
    Integer liveReconnectDelay,
    Boolean liveEnableGapDetection,
    Integer liveMaxGapSize,
    Integer liveBlockCheckInterval,
    Integer liveGapFillChunkSize) {}
