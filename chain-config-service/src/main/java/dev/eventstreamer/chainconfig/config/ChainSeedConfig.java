package dev.eventstreamer.chainconfig.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithParentName;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chains registered at startup when absent: {@code chain-config.seed[0].chain-id=31337}, {@code
 * .name}, {@code .rpc-urls} (comma-separated, primary first), {@code .websocket-url} and any
 * ingestion setting by its key ({@code .confirmation-blocks=12}).
 */
@ConfigMapping(prefix = "chain-config")
public interface ChainSeedConfig {

  /** The chains to seed, in order. */
  List<Seed> seed();

  /** One chain; what is left out takes the API's defaults. */
  interface Seed {
    long chainId();

    String name();

    List<String> rpcUrls();

    Optional<String> websocketUrl();

    /**
     * Every key of the seed, these above included: the ingestion settings are read by their own
     * keys ({@code IngestionSetting.configKey}), so their list is not spelled here again.
     */
    @WithParentName
    Map<String, @WithConverter(VerbatimConverter.class) String> keys();
  }
}
