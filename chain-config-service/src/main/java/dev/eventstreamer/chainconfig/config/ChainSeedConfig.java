package dev.eventstreamer.chainconfig.config;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Chains registered at startup when absent: {@code chain-config.seed[0].chain-id=31337}, {@code
 * .name}, {@code .rpc-urls} (comma-separated, primary first) and the optional settings.
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

    OptionalDouble averageBlockTime();

    OptionalInt confirmationBlocks();

    OptionalInt historicalMaxChunkSize();

    OptionalInt historicalMaxRetries();

    OptionalInt historicalMaxConcurrent();

    OptionalInt historicalProgressInterval();

    OptionalInt liveMaxRetries();

    OptionalInt liveRetryDelay();

    OptionalInt liveReconnectDelay();

    Optional<Boolean> liveEnableGapDetection();

    OptionalInt liveMaxGapSize();

    OptionalInt liveBlockCheckInterval();

    OptionalInt liveGapFillChunkSize();
  }
}
