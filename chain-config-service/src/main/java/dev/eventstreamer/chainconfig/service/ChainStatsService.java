package dev.eventstreamer.chainconfig.service;

import dev.eventstreamer.chainconfig.repository.ChainRepository;
import dev.eventstreamer.common.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** The registry's counts, and the refresh that makes the gateway reload every chain. */
@ApplicationScoped
public class ChainStatsService {

  private final ChainRepository chains;
  private final Event<ChainsChanged> changed;
  // The gateway's health, when a gateway runs in this service.
  private final Instance<RpcHealth> rpcHealth;
  // When the registry last asked for a reload (start, refresh); the gateway's own time wins.
  private final AtomicReference<Instant> lastRefresh = new AtomicReference<>(now());

  public ChainStatsService(
      ChainRepository chains, Event<ChainsChanged> changed, Instance<RpcHealth> rpcHealth) {
    this.chains = chains;
    this.changed = changed;
    this.rpcHealth = rpcHealth;
  }

  /** Counts over the registry, with the gateway's view of its endpoints when it has one. */
  public Uni<ChainStats> stats() {
    return Panache.withSession(() -> chains.list(true))
        .map(
            all -> {
              List<Long> active =
                  all.stream().filter(chain -> chain.active).map(chain -> chain.chainId).toList();
              Optional<RpcHealth.Summary> health =
                  rpcHealth.isResolvable()
                      ? Optional.of(rpcHealth.get().summary())
                      : Optional.empty();
              Instant refreshed =
                  health.flatMap(RpcHealth.Summary::lastReload).orElse(lastRefresh.get());
              return new ChainStats(active, all.size() - active.size(), health, refreshed);
            });
  }

  /** Asks every observer of {@link ChainsChanged} (the gateway) to reload, and waits for it. */
  public Uni<Void> refresh() {
    return Uni.createFrom()
        .completionStage(() -> changed.fireAsync(ChainsChanged.all()))
        .invoke(() -> lastRefresh.set(now()))
        .onFailure()
        .transform(
            failure -> {
              Log.warnf(failure, "Refresh: the gateway could not reload its RPC endpoints");
              return ProblemException.serviceUnavailable(
                  "The gateway could not reload its RPC endpoints from the registry database;"
                      + " retry later");
            })
        .replaceWithVoid();
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
