package dev.eventstreamer.common.outbox.impl;

import dev.eventstreamer.common.outbox.OutboxChannel;
import dev.eventstreamer.common.outbox.OutboxConfig;
import dev.eventstreamer.common.outbox.OutboxException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Starts this instance's outbox relay at startup when the service declares {@link OutboxChannel}
 * beans, and stops it cleanly at shutdown; without such beans it does nothing.
 */
@ApplicationScoped
public class OutboxRelayLifecycle {

  private static final Logger LOG = Logger.getLogger(OutboxRelayLifecycle.class);
  // Shutdown should not hang on a broker that is away; unacked rows are simply sent again later.
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final OutboxConfig config;
  private final Instance<OutboxChannel> channels;
  private final Instance<Pool> pool;
  private final Instance<Vertx> vertx;
  private final Config mpConfig;
  private OutboxRelay relay;

  public OutboxRelayLifecycle(
      OutboxConfig config,
      @Any Instance<OutboxChannel> channels,
      Instance<Pool> pool,
      Instance<Vertx> vertx,
      Config mpConfig) {
    this.config = config;
    this.channels = channels;
    this.pool = pool;
    this.vertx = vertx;
    this.mpConfig = mpConfig;
  }

  void onStart(@Observes StartupEvent event) {
    if (!config.enabled()) {
      LOG.debug("Outbox relay disabled (eventstreamer.outbox.enabled=false)");
      return;
    }
    if (channels.isUnsatisfied()) {
      LOG.debug("Outbox relay idle: no OutboxChannel beans");
      return;
    }
    start();
  }

  void onStop(@Observes ShutdownEvent event) {
    stop();
  }

  /** Starts the relay of this instance (again); a no-op while it runs. */
  public synchronized void start() {
    if (relay == null) {
      relay = newRelay("main");
      LOG.infof("Outbox relay starting for channels %s", channelsByName().keySet());
    }
    relay.start();
  }

  /** Stops the relay of this instance, waiting for its sends in flight. */
  public synchronized void stop() {
    if (relay != null) {
      relay.stop(STOP_GRACE).await().atMost(STOP_GRACE.multipliedBy(2));
    }
  }

  /** The relay of this instance, once started. */
  public synchronized Optional<OutboxRelay> relay() {
    return Optional.ofNullable(relay);
  }

  /** A further, stopped relay over the same table and channels (several replicas in one JVM). */
  public OutboxRelay newRelay(String name) {
    return newRelay(name, config);
  }

  /** As {@link #newRelay(String)}, with settings of its own. */
  public OutboxRelay newRelay(String name, OutboxConfig settings) {
    if (pool.isUnsatisfied()) {
      throw new OutboxException(
          OutboxException.Kind.NO_DATASOURCE,
          "the outbox relay needs the reactive Postgres client (quarkus-reactive-pg-client)");
    }
    return new OutboxRelay(
        name,
        vertx.get(),
        pool.get(),
        PgOptions.from(mpConfig),
        settings,
        channelsByName().values());
  }

  private Map<String, OutboxChannel> channelsByName() {
    Map<String, OutboxChannel> byName = new LinkedHashMap<>();
    for (OutboxChannel channel : channels) {
      if (byName.putIfAbsent(channel.name(), channel) != null) {
        throw new OutboxException(
            OutboxException.Kind.DUPLICATE_CHANNEL,
            "two OutboxChannel beans serve channel " + channel.name());
      }
    }
    return byName;
  }
}
