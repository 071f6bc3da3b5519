package dev.eventstreamer.chainconfig.service;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.eventstreamer.chainconfig.repository.Chain;
import dev.eventstreamer.common.time.Timestamps;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Arrays;
import java.util.List;

/**
 * A chain as clients and consumers see it: the API's chain object and the data of every
 * chain-config event. Both request shapes' names are served, and every URL is masked.
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChainView(
    long chainId,
    String name,
    String status,
    boolean isActive,
    List<String> rpcUrls,
    String historicalRpcUrl,
    String liveWebsocketUrl,
    double averageBlockTime,
    int confirmationBlocks,
    int maxBlocksPerRequest,
    int historicalMaxChunkSize,
    int historicalMaxRetries,
    int historicalMaxConcurrent,
    int historicalProgressInterval,
    int liveMaxRetries,
    int liveRetryDelay,
    int liveReconnectDelay,
    boolean liveEnableGapDetection,
    int liveMaxGapSize,
    int liveBlockCheckInterval,
    int liveGapFillChunkSize,
    long version,
    String createdAt,
    String updatedAt) {

  public static final String ACTIVE = "active";
  public static final String INACTIVE = "inactive";

  /** The one mapping from a registry row to what leaves the service. */
  public static ChainView of(Chain chain) {
    List<String> urls = Arrays.stream(chain.rpcUrls).map(EndpointUrls::mask).toList();
    return new ChainView(
        chain.chainId,
        chain.name,
        chain.active ? ACTIVE : INACTIVE,
        chain.active,
        urls,
        urls.get(0),
        EndpointUrls.mask(chain.websocketUrl),
        chain.averageBlockTime,
        chain.confirmationBlocks,
        chain.historicalMaxChunkSize,
        chain.historicalMaxChunkSize,
        chain.historicalMaxRetries,
        chain.historicalMaxConcurrent,
        chain.historicalProgressInterval,
        chain.liveMaxRetries,
        chain.liveRetryDelay,
        chain.liveReconnectDelay,
        chain.liveEnableGapDetection,
        chain.liveMaxGapSize,
        chain.liveBlockCheckInterval,
        chain.liveGapFillChunkSize,
        chain.version,
        Timestamps.format(chain.createdAt),
        Timestamps.format(chain.updatedAt));
  }
}
