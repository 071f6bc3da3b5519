package dev.eventstreamer.chainconfig.service;

import dev.eventstreamer.chainconfig.config.ChainSeedConfig;
import dev.eventstreamer.chainconfig.config.ChainSeedConfig.Seed;
import dev.eventstreamer.common.problem.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
        .item(() -> changes(index, seed))
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
    List<String> what =
        e.violations().stream().map(v -> v.field().replace('_', '-') + " " + v.message()).toList();
    return what.isEmpty()
        ? new IllegalStateException("Invalid chain seed: " + e.detail())
        : invalid(index, what);
  }

  private static IllegalStateException invalid(int index, List<String> what) {
    String where = KEY_PREFIX + index + "].";
    return new IllegalStateException(
        "Invalid chain seed: "
            + what.stream().map(w -> where + w).collect(Collectors.joining("; ")));
  }

  private static ChainChanges changes(int index, Seed s) {
    // By the key as a property spells it (an environment variable's comes with dots for dashes;
    // a list may be given item by item, rpc-urls[0]), each to the key as it was configured.
    Map<String, String> configured = new TreeMap<>();
    s.keys()
        .keySet()
        .forEach(
            key -> configured.put(LIST_ITEM.matcher(key.replace('.', '-')).replaceFirst(""), key));
    Map<IngestionSetting, Object> ingestion = new EnumMap<>(IngestionSetting.class);
    List<String> wrong = new ArrayList<>();
    for (IngestionSetting setting : IngestionSetting.values()) {
      String key = configured.remove(setting.configKey());
      String text = key == null ? null : s.keys().get(key);
      // An empty value (KEY= or an unset ${VAR:}) leaves the setting at its default.
      if (text != null && !text.isBlank()) {
        try {
          ingestion.put(setting, setting.parse(text));
        } catch (IllegalArgumentException e) {
          wrong.add(setting.configKey() + " " + e.getMessage());
        }
      }
    }
    configured.keySet().removeAll(IDENTITY_KEYS);
    configured.values().forEach(key -> wrong.add(key + " is not a setting of a chain seed"));
    if (!wrong.isEmpty()) {
      throw invalid(index, wrong);
    }
    return new ChainChanges(
        s.chainId(), s.name(), null, s.rpcUrls(), s.websocketUrl().orElse(null), null, ingestion);
  }
}
