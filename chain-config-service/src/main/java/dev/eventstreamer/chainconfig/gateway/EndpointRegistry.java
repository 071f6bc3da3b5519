package dev.eventstreamer.chainconfig.gateway;

import dev.eventstreamer.chainconfig.config.GatewayConfig;
import dev.eventstreamer.chainconfig.repository.EndpointRepository;
import dev.eventstreamer.chainconfig.service.ChainsChanged;
import dev.eventstreamer.chainconfig.service.EndpointUrls;
import dev.eventstreamer.chainconfig.service.IngestionSetting;
import dev.eventstreamer.chainconfig.service.IngestionSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gateway's endpoint set, in memory and swapped whole on every reload of the active chains
 * ({@link EndpointRepository}) (on each {@link ChainsChanged}, at start, and every {@code
 * reload-interval} for changes made through another replica): calls never touch the database.
 */
@ApplicationScoped
public class EndpointRegistry {

  private final EndpointRepository chainsTable;
  private final EndpointFactory factory;
  private final MeterRegistry meters;
  private final HeadTracker heads;
  private final Vertx vertx;
  private final GatewayConfig config;
  private final AtomicReference<EndpointSet> current = new AtomicReference<>(EndpointSet.EMPTY);
  // Reloads (a change's, a refresh's, the timer's) may overlap and finish in any order: each takes
  // a number when it starts, and an answer older than the set in use is dropped.
  private final AtomicLong reloadsStarted = new AtomicLong();
  private long appliedReload; // guarded by this
  private long reloadTimer = -1;

  EndpointRegistry(
      EndpointRepository chainsTable,
      EndpointFactory factory,
      MeterRegistry meters,
      HeadTracker heads,
      Vertx vertx,
      GatewayConfig config) {
    this.chainsTable = chainsTable;
    this.factory = factory;
    this.meters = meters;
    this.heads = heads;
    this.vertx = vertx;
    this.config = config;
  }

  /** The set in use now. */
  public EndpointSet current() {
    return current.get();
  }

  void start(@Observes StartupEvent event) {
    try {
      reload().await().atMost(Duration.ofSeconds(30));
    } catch (RuntimeException e) {
      Log.warnf(e, "Could not load the RPC endpoints at start; retrying every %s", interval());
    }
    reloadTimer =
        vertx.setPeriodic(
            interval().toMillis(),
            id ->
                reload()
                    .subscribe()
                    .with(
                        ok -> {},
                        failure ->
                            Log.warnf(failure, "Periodic reload of the RPC endpoints failed")));
  }

  void stop(@Observes ShutdownEvent event) {
    if (reloadTimer >= 0) {
      vertx.cancelTimer(reloadTimer);
    }
    heads.stopAll();
  }

  /** Reloads on every registry change; the event's sender may wait for it. */
  void onChainsChanged(@ObservesAsync ChainsChanged event) {
    reload().await().atMost(Duration.ofSeconds(10));
  }

  /** Closes every breaker of the set and clears its counts; how many were reset. */
  public int resetAll() {
    EndpointSet set = current.get();
    set.endpoints().forEach(factory::reset);
    return set.byName().size();
  }

  /** Closes one breaker and clears its counts; false when no endpoint has that name. */
  public boolean reset(String name) {
    RpcEndpoint e = current.get().byName().get(name);
    if (e == null) {
      return false;
    }
    factory.reset(e);
    return true;
  }

  /** Reads the active chains and swaps the endpoint set. */
  public Uni<EndpointSet> reload() {
    return Uni.createFrom()
        .deferred(
            () -> {
              long number = reloadsStarted.incrementAndGet();
              return chainsTable.activeChains().map(rows -> swap(number, rows));
            });
  }

  private Duration interval() {
    return config.reloadInterval();
  }

  private synchronized EndpointSet swap(long number, List<EndpointRepository.ActiveChain> rows) {
    EndpointSet previous = current.get();
    if (number < appliedReload) {
      // A reload that started later has answered already; its rows are at least as new.
      return previous;
    }
    appliedReload = number;
    // Rows come ordered by chain id; a hash lookup on the hot path.
    Map<Long, ChainEndpoints> chains = new LinkedHashMap<>();
    Map<String, RpcEndpoint> byName = new LinkedHashMap<>();
    for (EndpointRepository.ActiveChain row : rows) {
      long chainId = row.chainId();
      List<RpcEndpoint> endpoints = new ArrayList<>();
      Map<String, Integer> seen = new HashMap<>();
      for (String url : row.rpcUrls()) {
        String hostPort;
        try {
          hostPort = EndpointUrls.endpoint(url);
        } catch (IllegalArgumentException e) {
          Log.warnf(
              "Chain %d: skipping an RPC URL that is not http(s): %s",
              chainId, EndpointUrls.mask(url));
          continue;
        }
        int n = seen.merge(hostPort, 1, Integer::sum);
        String endpoint = n == 1 ? hostPort : hostPort + "#" + n;
        String name = "rpc:" + chainId + ":" + endpoint;
        RpcEndpoint e = factory.endpoint(name, chainId, endpoint, url);
        if (!previous.byName().containsKey(name)) {
          if (e.meters != null) {
            // Back after it left the set: a fresh start, as for a new endpoint.
            factory.reset(e);
          }
          e.head(RpcEndpoint.UNKNOWN);
          e.lag(0, false);
          e.meters = new EndpointMeters(meters, e);
        }
        endpoints.add(e);
        byName.put(name, e);
      }
      chains.put(
          chainId,
          new ChainEndpoints(
              chainId,
              IngestionSettings.fromStored(row.ingestion())
                  .number(IngestionSetting.AVERAGE_BLOCK_TIME),
              List.copyOf(endpoints),
              blankToNull(row.websocketUrl())));
    }
    for (RpcEndpoint gone : previous.endpoints()) {
      if (!byName.containsKey(gone.name()) && gone.meters != null) {
        gone.meters.remove();
      }
    }
    EndpointSet next =
        new EndpointSet(
            Collections.unmodifiableMap(chains),
            Collections.unmodifiableMap(byName),
            Optional.of(Instant.now()));
    current.set(next);
    heads.track(next);
    Log.debugf("Loaded %d RPC endpoints of %d active chains", byName.size(), chains.size());
    return next;
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
