package dev.eventstreamer.chainconfig.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventstreamer.chainconfig.config.ChainSeedConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** A bad seed stops the startup with a message naming its keys, never quoting a URL. */
class ChainSeederValidationTest {

  @Test
  void namesTheOffendingSeedKeys() {
    ChainSeedConfig config =
        () ->
            List.of(seed(0, "Bad", List.of("ftp://user:secret@files.example"), OptionalInt.of(-1)));
    // Validation runs before any database access, so the service needs none here.
    ChainSeeder seeder =
        new ChainSeeder(config, new ChainService(null, new ChainValidator(), null, null));

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> seeder.seed().await().atMost(Duration.ofSeconds(5)));
    assertEquals(
        "Invalid chain seed: chain-config.seed[0].chain-id must be at least 1;"
            + " chain-config.seed[0].rpc-urls[0] must be an absolute http or https URL;"
            + " chain-config.seed[0].confirmation-blocks must be between 0 and 1000",
        e.getMessage());
    assertFalse(e.getMessage().contains("secret"));
  }

  private static ChainSeedConfig.Seed seed(
      long id, String name, List<String> urls, OptionalInt confirmations) {
    return new ChainSeedConfig.Seed() {
      public long chainId() {
        return id;
      }

      public String name() {
        return name;
      }

      public List<String> rpcUrls() {
        return urls;
      }

      public Optional<String> websocketUrl() {
        return Optional.empty();
      }

      public OptionalDouble averageBlockTime() {
        return OptionalDouble.empty();
      }

      public OptionalInt confirmationBlocks() {
        return confirmations;
      }

      public OptionalInt historicalMaxChunkSize() {
        return OptionalInt.empty();
      }

      public OptionalInt historicalMaxRetries() {
        return OptionalInt.empty();
      }

      public OptionalInt historicalMaxConcurrent() {
        return OptionalInt.empty();
      }

      public OptionalInt historicalProgressInterval() {
        return OptionalInt.empty();
      }

      public OptionalInt liveMaxRetries() {
        return OptionalInt.empty();
      }

      public OptionalInt liveRetryDelay() {
        return OptionalInt.empty();
      }

      public OptionalInt liveReconnectDelay() {
        return OptionalInt.empty();
      }

      public Optional<Boolean> liveEnableGapDetection() {
        return Optional.empty();
      }

      public OptionalInt liveMaxGapSize() {
        return OptionalInt.empty();
      }

      public OptionalInt liveBlockCheckInterval() {
        return OptionalInt.empty();
      }

      public OptionalInt liveGapFillChunkSize() {
        return OptionalInt.empty();
      }
    };
  }
}
