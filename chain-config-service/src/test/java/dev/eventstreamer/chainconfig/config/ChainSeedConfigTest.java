package dev.eventstreamer.chainconfig.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Seeds can come from environment variables, as in a container (their ingestion settings too:
 * ChainSeederValidationTest).
 */
class ChainSeedConfigTest {

  @Test
  void readsIndexedSeedsFromEnvironmentVariables() {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withSources(
                new EnvConfigSource(
                    Map.of(
                        "CHAIN_CONFIG_SEED_0__CHAIN_ID", "31337",
                        "CHAIN_CONFIG_SEED_0__NAME", "Dev",
                        "CHAIN_CONFIG_SEED_0__RPC_URLS", "http://a.example,http://b.example",
                        "CHAIN_CONFIG_SEED_1__CHAIN_ID", "1",
                        "CHAIN_CONFIG_SEED_1__NAME", "Mainnet",
                        "CHAIN_CONFIG_SEED_1__RPC_URLS", "https://rpc.example"),
                    300))
            .withMapping(ChainSeedConfig.class)
            .build();
    List<ChainSeedConfig.Seed> seeds = config.getConfigMapping(ChainSeedConfig.class).seed();
    assertEquals(2, seeds.size());
    assertEquals(31337, seeds.get(0).chainId());
    assertEquals(List.of("http://a.example", "http://b.example"), seeds.get(0).rpcUrls());
    assertEquals("Mainnet", seeds.get(1).name());
  }

  @Test
  void noSeedsByDefault() {
    SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(ChainSeedConfig.class).build();
    assertEquals(List.of(), config.getConfigMapping(ChainSeedConfig.class).seed());
  }
}
