package dev.eventstreamer.subscription.service;

import dev.eventstreamer.common.messaging.ProcessedEvents;
import dev.eventstreamer.subscription.config.SubscriptionConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * Keeps {@code processed_event} bounded: ids older than the retention are forgotten every hour.
 * Safe because both consumers are also monotonic (chain versions, progress), so an event
 * redelivered after its id was forgotten still cannot move anything backwards.
 */
@ApplicationScoped
public class ProcessedEventPruner {

  private static final Duration EVERY = Duration.ofHours(1);

  private final Vertx vertx;
  private final Pool pool;
  private final Duration retention;
  private long timer = -1;

  public ProcessedEventPruner(Vertx vertx, Pool pool, SubscriptionConfig config) {
    this.vertx = vertx;
    this.pool = pool;
    this.retention = config.processedEventRetention();
  }

  void start(@Observes StartupEvent startup) {
    timer = vertx.setPeriodic(EVERY.toMillis(), id -> prune());
  }

  void stop(@Observes ShutdownEvent shutdown) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** One pruning pass; failures are logged and tried again at the next tick. */
  void prune() {
    ProcessedEvents.prune(pool, retention)
        .subscribe()
        .with(
            removed ->
                Log.debugf("Forgot %d processed event ids older than %s", removed, retention),
            failure -> Log.warnf("Pruning processed_event failed: %s", failure.toString()));
  }
}
