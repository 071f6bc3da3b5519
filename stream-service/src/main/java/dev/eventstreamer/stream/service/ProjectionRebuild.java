package dev.eventstreamer.stream.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.stream.client.RegistryClient;
import dev.eventstreamer.stream.config.StreamConfig;
import dev.eventstreamer.stream.repository.SubscriptionRepository;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Rebuilds the projections at start from the owners' listings (chain-config-service's chains,
 * subscription-service's subscriptions), then lets the channels keep them: events older than the
 * broker's retention, or missed while this service was away, are not lost on the projection. A
 * subscription the projection has but the complete listing lacks, and that did not change since the
 * listing began, was deleted meanwhile. Runs in the background and retries until both owners
 * answered.
 */
@ApplicationScoped
public class ProjectionRebuild {

  private static final Duration CALL = Duration.ofSeconds(60);
  private static final Duration RETRY = Duration.ofSeconds(5);
  private static final Duration GIVE_UP = Duration.ofMinutes(10);

  private final RegistryClient registry;
  private final ChainProjection chains;
  private final SubscriptionProjection subscriptionProjection;
  private final SubscriptionRepository subscriptions;
  private final IngestionSupervisor supervisor;
  private final boolean atStart;
  private ExecutorService thread;
  private volatile boolean stopping;
  private volatile boolean done;

  ProjectionRebuild(
      RegistryClient registry,
      ChainProjection chains,
      SubscriptionProjection subscriptionProjection,
      SubscriptionRepository subscriptions,
      IngestionSupervisor supervisor,
      StreamConfig config) {
    this.atStart = config.rebuildAtStart();
    this.registry = registry;
    this.chains = chains;
    this.subscriptionProjection = subscriptionProjection;
    this.subscriptions = subscriptions;
    this.supervisor = supervisor;
  }

  void start(@Observes StartupEvent event) {
    if (!atStart) {
      return;
    }
    thread = Executors.newSingleThreadExecutor(IngestContext.named("projection-rebuild"));
    thread.execute(this::runUntilDone);
  }

  void stop(@Observes ShutdownEvent event) {
    stopping = true;
    if (thread != null) {
      thread.shutdownNow();
    }
  }

  /** Whether a rebuild completed since start. */
  public boolean done() {
    return done;
  }

  private void runUntilDone() {
    long deadline = System.nanoTime() + GIVE_UP.toNanos();
    while (!stopping) {
      try {
        rebuild();
        done = true;
        supervisor.wake();
        return;
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          Log.warnf(
              "Projections not rebuilt from the owners' listings within %s (%s); the channels"
                  + " alone keep them",
              GIVE_UP, e.toString());
          return;
        }
        Log.infof("Projections not rebuilt yet (%s); retrying in %s", e.toString(), RETRY);
        try {
          Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** One full rebuild. */
  void rebuild() {
    OffsetDateTime began = OffsetDateTime.now(ZoneOffset.UTC);
    List<JsonNode> listedChains = registry.chains().await().atMost(CALL);
    for (JsonNode chain : listedChains) {
      chains.apply(chain).await().atMost(CALL);
    }
    List<Long> ids = new ArrayList<>();
    int page = 1;
    long total;
    long firstTotal = -1;
    do {
      JsonNode body = registry.subscriptions(page).await().atMost(CALL);
      total = body.path("total").asLong();
      if (firstTotal < 0) {
        firstTotal = total;
      }
      JsonNode list = body.path("subscriptions");
      if (!list.isArray() || list.isEmpty()) {
        break;
      }
      for (JsonNode s : list) {
        subscriptionProjection.apply(s).await().atMost(CALL);
        ids.add(s.path("id").asLong());
      }
      page++;
    } while (ids.size() < total);
    // Offset paging under concurrent changes can skip an entry: only a listing whose count held
    // from first page to last tells deletions.
    int gone =
        ids.size() == total && total == firstTotal
            ? subscriptions.deleteMissing(ids, began).await().atMost(CALL)
            : 0;
    Log.infof(
        "Projections rebuilt: %d chains, %d subscriptions listed, %d found deleted",
        listedChains.size(), ids.size(), gone);
  }
}
