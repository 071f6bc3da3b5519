package dev.eventstreamer.chainconfig.service;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The settings a request (or a seed) sends for a chain, in either request shape; null means "not
 * sent". Each component is named after its JSON field; it is also the request body's schema in the
 * OpenAPI document (the REST layer reads the body itself, to name each field of a wrong type).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChainChanges(
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
    Integer liveGapFillChunkSize) {

  /** Whether the request names any RPC URL, in either shape. */
  public boolean sendsRpcUrls() {
    return historicalRpcUrl != null || rpcUrls != null;
  }

  /** The chunk size in either spelling ({@code historical_max_chunk_size} first). */
  public Integer chunkSize() {
    return historicalMaxChunkSize != null ? historicalMaxChunkSize : maxBlocksPerRequest;
  }

  /**
   * The chunk size a PUT asks for over {@code current}. A client that sends back the chain it read
   * with one spelling changed sends both, one of them still {@code current}: the other one wins.
   * Null when two different new values leave it open.
   */
  public Integer chunkSize(int current) {
    if (historicalMaxChunkSize == null
        || maxBlocksPerRequest == null
        || historicalMaxChunkSize.equals(maxBlocksPerRequest)) {
      return chunkSize();
    }
    if (historicalMaxChunkSize == current) {
      return maxBlocksPerRequest;
    }
    return maxBlocksPerRequest == current ? historicalMaxChunkSize : null;
  }
}
