package dev.eventstreamer.chainconfig.service;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.eventstreamer.chainconfig.repository.Chain;
import dev.eventstreamer.common.time.Timestamps;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A chain as clients and consumers see it: the API's chain object and the data of every
 * chain-config event. Both request shapes' names are served, and every URL is masked. Each {@link
 * IngestionSetting} is a field of its own beside the others (and in the OpenAPI schema).
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
    int maxBlocksPerRequest,
    @JsonIgnore @Schema(hidden = true) IngestionSettings ingestion,
    long version,
    String createdAt,
    String updatedAt) {

  public static final String ACTIVE = "active";
  public static final String INACTIVE = "inactive";

  /** The one mapping from a registry row to what leaves the service. */
  public static ChainView of(Chain chain) {
    List<String> urls = Arrays.stream(chain.rpcUrls).map(EndpointUrls::mask).toList();
    IngestionSettings ingestion = IngestionSettings.fromStored(chain.ingestion);
    return new ChainView(
        chain.chainId,
        chain.name,
        chain.active ? ACTIVE : INACTIVE,
        chain.active,
        urls,
        urls.get(0),
        EndpointUrls.mask(chain.websocketUrl),
        ingestion.integer(IngestionSetting.HISTORICAL_MAX_CHUNK_SIZE),
        ingestion,
        chain.version,
        Timestamps.format(chain.createdAt),
        Timestamps.format(chain.updatedAt));
  }

  /** The ingestion settings, each as a field of the chain object. */
  @JsonAnyGetter
  @Schema(hidden = true)
  public Map<String, Object> ingestionFields() {
    return ingestion.toDocument();
  }
}
