package dev.eventstreamer.subscription.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The service's own settings, under {@code subscription.}. */
@ConfigMapping(prefix = "subscription")
public interface SubscriptionConfig {

  /** At most this many distinct addresses per subscription. */
  @WithDefault("1000")
  int maxAddresses();

  /** Where chain-config-service answers chain lookups. */
  ChainConfig chainConfig();

  /** How long consumed CloudEvent ids are remembered for deduplication. */
  @WithDefault("7d")
  Duration processedEventRetention();

  /** API keys and subscriber isolation. */
  Auth auth();

  /** Who may call: with {@code enabled}, every subscription call needs a subscriber's key. */
  interface Auth {
    @WithDefault("false")
    boolean enabled();

    /** The key that manages keys through /api/keys (and may act for every subscriber). */
    Optional<String> adminKey();
  }

  /** chain-config-service, asked when the chain projection does not know a chain. */
  interface ChainConfig {
    @WithDefault("http://127.0.0.1:8083")
    String url();

    /** How long an answer of chain-config-service is reused; the projection always comes first. */
    @WithDefault("30s")
    Duration cacheTtl();
  }
}
