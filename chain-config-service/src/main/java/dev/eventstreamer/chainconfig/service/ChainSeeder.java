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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Registers the configured seed chains at startup, each only if its id is not in the registry yet:
 * a chain that exists (changed through the API, or deactivated) is left as it is.
 */
@ApplicationScoped
public class ChainSeeder {

  private static final String KEY_PREFIX = "chain-config.seed[";
  private static final Pattern LIST_ITEM = Pattern.compile("\\[\\d+]$");

  // Seed's own methods; every other key must be an ingestion setting's.
  private static final Set<String> IDENTITY_KEYS =
      Set.of("chain-id", "name", "rpc-urls", "websocket-url");

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
    return Uni.createFrom()
        .item(() -> changes(seed))
        .flatMap(service::createIfAbsent)
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
    String where = KEY_PREFIX + index + "].";
    String what =
        e.violations().stream()
            .map((Violation v) -> where + v.field().replace('_', '-') + " " + v.message())
            .collect(Collectors.joining("; "));
    return new IllegalStateException("Invalid chain seed: " + (what.isEmpty() ? e.detail() : what));
  }

  private static ChainChanges changes(Seed s) {
    Map<String, String> keys = new HashMap<>();
    // An environment variable's key comes with dots where the property has dashes; a list may be
    // given item by item (rpc-urls[0]).
    s.keys()
        .forEach(
            (key, value) ->
                keys.put(LIST_ITEM.matcher(key.replace('.', '-')).replaceFirst(""), value));
    Map<IngestionSetting, Object> ingestion = new EnumMap<>(IngestionSetting.class);
    List<Violation> wrong = new ArrayList<>();
    for (IngestionSetting setting : IngestionSetting.values()) {
      String text = keys.remove(setting.configKey());
      if (text != null) {
        try {
          ingestion.put(setting, setting.parse(text));
        } catch (IllegalArgumentException e) {
          wrong.add(Violation.body(setting.field(), e.getMessage()));
        }
      }
    }
    keys.keySet().removeAll(IDENTITY_KEYS);
    keys.keySet().stream()
        .sorted()
        .forEach(key -> wrong.add(Violation.body(key, "is not a setting of a chain seed")));
    if (!wrong.isEmpty()) {
      throw ProblemException.badRequest(wrong);
    }
    return new ChainChanges(
        s.chainId(), s.name(), null, s.rpcUrls(), s.websocketUrl().orElse(null), null, ingestion);
  }
}
