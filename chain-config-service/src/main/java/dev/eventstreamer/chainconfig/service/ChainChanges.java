package dev.eventstreamer.chainconfig.service;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The settings a request (or a seed) sends for a chain, in either request shape; null (or absent
 * from {@code ingestion}) means "not sent". The components are named after their JSON fields; the
 * request body's schema in the OpenAPI document is this record's, with each {@link
 * IngestionSetting} as a field of its own (the REST layer reads the body itself, to name each field
 * of a wrong type).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChainChanges(
    Long chainId,
    String name,
    String historicalRpcUrl,
    List<String> rpcUrls,
    String liveWebsocketUrl,
    Integer maxBlocksPerRequest,
    @Schema(hidden = true) Map<IngestionSetting, Object> ingestion) {

  public ChainChanges {
    ingestion =
        ingestion.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(ingestion));
  }

  /** Whether the request names any RPC URL, in either shape. */
  public boolean sendsRpcUrls() {
    return historicalRpcUrl != null || rpcUrls != null;
  }

  /** The chunk size sent as {@code historical_max_chunk_size}, else null. */
  public Integer historicalMaxChunkSize() {
    return (Integer) ingestion.get(IngestionSetting.HISTORICAL_MAX_CHUNK_SIZE);
  }

  /** The chunk size in either spelling ({@code historical_max_chunk_size} first). */
  public Integer chunkSize() {
    Integer sent = historicalMaxChunkSize();
    return sent != null ? sent : maxBlocksPerRequest;
  }

  /**
   * The chunk size a PUT asks for over {@code current}. A client that sends back the chain it read
   * with one spelling changed sends both, one of them still {@code current}: the other one wins.
   * Null when two different new values leave it open.
   */
  public Integer chunkSize(int current) {
    Integer historical = historicalMaxChunkSize();
    if (historical == null
        || maxBlocksPerRequest == null
        || historical.equals(maxBlocksPerRequest)) {
      return chunkSize();
    }
    if (historical == current) {
      return maxBlocksPerRequest;
    }
    return maxBlocksPerRequest == current ? historical : null;
  }
}
