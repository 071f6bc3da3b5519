package dev.eventstreamer.common.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How much of a refused request body ({@link ContentTooLarge}) is read and dropped before the
 * connection is closed, under {@code eventstreamer.http.refused-body}.
 */
@ConfigMapping(prefix = "eventstreamer.http.refused-body")
public interface RefusedBodyConfig {

  /** Bytes read and dropped after the answer; a client that sends more is cut off. */
  @WithDefault("256M")
  MemorySize discardLimit();

  /** How long the rest of the body may take after the answer; then the connection is closed. */
  @WithDefault("60s")
  Duration discardTimeout();
}
