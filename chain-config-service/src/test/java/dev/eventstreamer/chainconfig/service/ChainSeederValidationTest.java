package dev.eventstreamer.chainconfig.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventstreamer.chainconfig.config.ChainSeedConfig;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

/** A bad seed stops the startup with a message naming its keys, never quoting a URL. */
class ChainSeederValidationTest {

  @Test
  void namesTheOffendingSeedKeys() {
    IllegalStateException e =
        seedFails(
            Map.of(
                "chain-config.seed[0].chain-id", "0",
                "chain-config.seed[0].name", "Bad",
                "chain-config.seed[0].rpc-urls", "ftp://user:secret@files.example",
                "chain-config.seed[0].confirmation-blocks", "-1"));
    assertEquals(
        "Invalid chain seed: chain-config.seed[0].chain-id must be at least 1;"
            + " chain-config.seed[0].rpc-urls[0] must be an absolute http or https URL;"
            + " chain-config.seed[0].confirmation-blocks must be between 0 and 1000",
        e.getMessage());
    assertFalse(e.getMessage().contains("secret"));
  }

  @Test
  void namesEverySettingOfTheWrongType() {
    IllegalStateException e =
        seedFails(
            Map.of(
                "chain-config.seed[0].chain-id", "5",
                "chain-config.seed[0].name", "Typos",
                "chain-config.seed[0].rpc-urls", "https://rpc.example",
                "chain-config.seed[0].average-block-time", "fast",
                "chain-config.seed[0].live-enable-gap-detection", "maybe",
                "chain-config.seed[0].live-max-gap-size", "1.5"));
    assertEquals(
        "Invalid chain seed: chain-config.seed[0].average-block-time must be a number;"
            + " chain-config.seed[0].live-enable-gap-detection must be true or false;"
            + " chain-config.seed[0].live-max-gap-size must be an integer",
        e.getMessage());
  }

  @Test
  void namesAKeyThatIsNoSetting() {
    IllegalStateException e =
        seedFails(
            Map.of(
                "chain-config.seed[0].chain-id", "5",
                "chain-config.seed[0].name", "Typos",
                "chain-config.seed[0].rpc-urls[0]", "https://rpc.example",
                "chain-config.seed[0].rpc-urls[1]", "https://fallback.example",
                "chain-config.seed[0].confirmations", "3"));
    assertEquals(
        "Invalid chain seed: chain-config.seed[0].confirmations is not a setting of a chain seed",
        e.getMessage());
  }

  @Test
  void anEmptyValueLeavesItsSettingAtTheDefaultAndBooleansTakeConfigSpellings() {
    IllegalStateException e =
        seedFails(
            Map.of(
                "chain-config.seed[0].chain-id", "0",
                "chain-config.seed[0].name", "Empty values",
                "chain-config.seed[0].rpc-urls", "https://rpc.example",
                "chain-config.seed[0].websocket-url", "",
                "chain-config.seed[0].confirmation-blocks", "",
                "chain-config.seed[0].live-enable-gap-detection", "off"));
    // Only the id is wrong: the empty values and "off" passed.
    assertEquals(
        "Invalid chain seed: chain-config.seed[0].chain-id must be at least 1", e.getMessage());
  }

  @Test
  void anUnknownKeyIsNamedAsConfigured() {
    IllegalStateException e =
        seedFails(
            Map.of(
                "chain-config.seed[0].chain-id", "5",
                "chain-config.seed[0].name", "Underscores",
                "chain-config.seed[0].rpc-urls", "https://rpc.example",
                "chain-config.seed[0].confirmation_blocks", "3"));
    assertEquals(
        "Invalid chain seed: chain-config.seed[0].confirmation_blocks is not a setting of a chain"
            + " seed",
        e.getMessage());
  }

  @Test
  void readsSettingsFromEnvironmentVariables() {
    IllegalStateException e =
        seedFails(
            new EnvConfigSource(
                Map.of(
                    "CHAIN_CONFIG_SEED_0__CHAIN_ID", "7",
                    "CHAIN_CONFIG_SEED_0__NAME", "From the environment",
                    "CHAIN_CONFIG_SEED_0__RPC_URLS", "https://rpc.example",
                    "CHAIN_CONFIG_SEED_0__LIVE_MAX_GAP_SIZE", "5",
                    "CHAIN_CONFIG_SEED_0__CONFIRMATION_BLOCKS", "1001"),
                300));
    // The valid setting is known (no "is not a setting"); the other one is checked.
    assertEquals(
        "Invalid chain seed: chain-config.seed[0].confirmation-blocks must be between 0 and 1000",
        e.getMessage());
  }

  private static IllegalStateException seedFails(Map<String, String> properties) {
    return seedFails(new PropertiesConfigSource(properties, "test", 300));
  }

  private static IllegalStateException seedFails(ConfigSource source) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder().withSources(source).withMapping(ChainSeedConfig.class).build();
    // Validation runs before any database access, so the service needs none here.
    ChainSeeder seeder =
        new ChainSeeder(
            config.getConfigMapping(ChainSeedConfig.class),
            new ChainService(null, new ChainValidator(), null, null));
    return assertThrows(
        IllegalStateException.class, () -> seeder.seed().await().atMost(Duration.ofSeconds(5)));
  }
}
