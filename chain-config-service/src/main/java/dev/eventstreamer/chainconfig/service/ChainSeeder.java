package dev.eventstreamer.chainconfig.service;

import dev.eventstreamer.chainconfig.config.ChainSeedConfig;
import dev.eventstreamer.chainconfig.config.ChainSeedConfig.Seed;
import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.problem.Violation;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Registers the configured seed chains at startup, each only if its id is not in the registry yet:
 * a chain that exists (changed through the API, or deactivated) is left as it is.
 */
@ApplicationScoped
public class ChainSeeder {

  private final ChainSeedConfig config;
  private final ChainService service;

  public ChainSeeder(ChainSeedConfig config, ChainService service) {
    this.config = config;
    this.service = service;
  }

  void onStart(@Observes StartupEvent start) throws Throwable {
    if (!config.seed().isEmpty()) {
      // Hibernate Reactive needs a Vert.x context, which a startup observer does not have.
      VertxContextSupport.subscribeAndAwait(this::seed);
    }
  }

  /** Creates every absent seed chain; answers how many were created. */
  public Uni<Integer> seed() {
    List<Seed> seeds = config.seed();
    return Multi.createFrom()
        .range(0, seeds.size())
        .onItem()
        .transformToUniAndConcatenate(i -> seed(i, seeds.get(i)))
        .collect()
        .asList()
        .map(created -> (int) created.stream().filter(Boolean::booleanValue).count());
  }

  private Uni<Boolean> seed(int index, Seed seed) {
    return service
        .createIfAbsent(changes(seed))
        .onFailure(ProblemException.class)
        .transform(e -> invalid(index, (ProblemException) e))
        .map(
            write -> {
              if (write.isPresent()) {
                Log.infof("Seeded chain %d (%s)", seed.chainId(), seed.name());
              } else {
                Log.debugf("Chain %d exists; its seed is not applied", seed.chainId());
              }
              return write.isPresent();
            });
  }

  // Names the offending keys the way they are configured; values (URLs) are never echoed.
  private static IllegalStateException invalid(int index, ProblemException e) {
    String where = "chain-config.seed[" + index + "].";
    String what =
        e.violations().stream()
            .map((Violation v) -> where + v.field().replace('_', '-') + " " + v.message())
            .collect(Collectors.joining("; "));
    return new IllegalStateException("Invalid chain seed: " + (what.isEmpty() ? e.detail() : what));
  }

  private static ChainChanges changes(Seed s) {
    return new ChainChanges(
        s.chainId(),
        s.name(),
        null,
        s.rpcUrls(),
        s.websocketUrl().orElse(null),
        boxed(s.averageBlockTime()),
        boxed(s.confirmationBlocks()),
        null,
        boxed(s.historicalMaxChunkSize()),
        boxed(s.historicalMaxRetries()),
        boxed(s.historicalMaxConcurrent()),
        boxed(s.historicalProgressInterval()),
        boxed(s.liveMaxRetries()),
        boxed(s.liveRetryDelay()),
        boxed(s.liveReconnectDelay()),
        s.liveEnableGapDetection().orElse(null),
        boxed(s.liveMaxGapSize()),
        boxed(s.liveBlockCheckInterval()),
        boxed(s.liveGapFillChunkSize()));
  }

  private static Integer boxed(OptionalInt value) {
    return value.isPresent() ? value.getAsInt() : null;
  }

  private static Double boxed(OptionalDouble value) {
    return value.isPresent() ? value.getAsDouble() : null;
  }
}
