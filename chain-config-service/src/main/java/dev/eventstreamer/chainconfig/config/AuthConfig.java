package dev.eventstreamer.chainconfig.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** API keys: who may change chains, reset circuit breakers and use the JSON-RPC gateway. */
@ConfigMapping(prefix = "chain-config.auth")
public interface AuthConfig {

  /**
   * Whether chain writes and breaker resets ask for the admin key, and the JSON-RPC gateway (HTTP
   * and WebSocket) for the admin key or a service key. Reads stay open either way.
   */
  @WithDefault("false")
  boolean enabled();

  /** The suite's admin key (the one subscription-service takes): everything, writes included. */
  Optional<String> adminKey();

  /**
   * Keys of the suite's own services (stream-service's {@code stream.chain-config.api-key}): the
   * JSON-RPC gateway, never writes. Several while one is being replaced by another.
   */
  Optional<List<String>> serviceKeys();
}
