package dev.eventstreamer.common.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the outbox relay, under {@code eventstreamer.outbox}. */
@ConfigMapping(prefix = "eventstreamer.outbox")
public interface OutboxConfig {

  /** Whether this instance runs a relay (it still does nothing without OutboxChannel beans). */
  @WithDefault("true")
  boolean enabled();

  /** How often the relay looks for rows when no NOTIFY came (and standbys try to take over). */
  @WithDefault("5s")
  Duration pollInterval();

  /** Rows read per scan. */
  @WithDefault("500")
  int batchSize();

  /** Keys published at the same time (each key has at most one message in flight). */
  @WithDefault("128")
  int maxInFlight();

  /** How long a send may wait for the broker's ack before it counts as failed. */
  @WithDefault("3m")
  Duration sendTimeout();

  /** Pause before the LISTEN connection is opened again after it was lost. */
  @WithDefault("2s")
  Duration reconnectInterval();

  /** How long sent rows are kept (for inspection) before they are deleted. */
  @WithDefault("24h")
  Duration retention();

  /** Retries of rows the broker did not accept. */
  Retry retry();

  /** Exponential backoff per row: initial, doubling up to max. */
  interface Retry {
    @WithDefault("1s")
    Duration initialBackoff();

    @WithDefault("1m")
    Duration maxBackoff();
  }
}
