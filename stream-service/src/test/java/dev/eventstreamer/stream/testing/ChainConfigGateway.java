package dev.eventstreamer.stream.testing;

import dev.eventstreamer.infra.JvmShared;
import dev.eventstreamer.infra.ServiceJvm;
import dev.eventstreamer.infra.devchain.DevChain;
import dev.eventstreamer.infra.kafka.KafkaServer;
import dev.eventstreamer.infra.postgres.PostgresServer;
import dev.eventstreamer.infra.service.ServiceApp;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real chain-config-service, packaged, as its own JVM: every chain read of stream-service goes
 * through its JSON-RPC gateway, and its chain-config-events feed stream-service's chain projection.
 * It seeds the dev chain twice: {@link #CHAIN} with no confirmations and {@link #CONFIRMED_CHAIN}
 * (the same node) with {@link #CONFIRMATIONS}.
 */
public class ChainConfigGateway implements QuarkusTestResourceLifecycleManager {

  /** The dev chain, delivered at once (zero confirmations). */
  public static final long CHAIN = DevChain.CHAIN_ID;

  /** The same node under another id, delivered after {@link #CONFIRMATIONS} blocks. */
  public static final long CONFIRMED_CHAIN = 31_338;

  public static final int CONFIRMATIONS = 3;

  private static ServiceApp app;

  @Override
  public Map<String, String> start() {
    String url = url();
    return Map.of("stream.chain-config.url", url, "quarkus.rest-client.chain-config.url", url);
  }

  @Override
  public void stop() {
    // One gateway for every test application of the JVM; stopped with it.
  }

  /** Where the JVM's one gateway answers, started on first use. */
  public static String url() {
    // Each Quarkus test application has its own copy of this class: without one owner, every
    // restart of the application would start another gateway beside the first.
    Object owner =
        JvmShared.fromSystemLoader(ChainConfigGateway.class).orElseGet(ChainConfigGateway::shared);
    return JvmShared.call(owner, "url", String.class);
  }

  /** The running gateway of the class loader that owns it; use {@link #url()}. */
  public static synchronized ServiceApp shared() {
    if (app == null) {
      app = startGateway(KafkaServer.shared().bootstrapServers(), Map.of());
    }
    return app;
  }

  /**
   * Starts chain-config-service on a fresh database with the dev chain seeded, publishing on {@code
   * kafka}; {@code extraEnv} adds or overrides settings.
   */
  public static ServiceApp startGateway(String kafka, Map<String, String> extraEnv) {
    PostgresServer postgres = PostgresServer.shared();
    String database = postgres.createFreshDatabase("stream_gateway");
    DevChain chain = DevChain.shared();
    Map<String, String> env = new HashMap<>();
    env.putAll(postgres.datasourceEnv(database));
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
    seed(env, 0, CHAIN, chain.rpcUrl(), 0);
    seed(env, 1, CONFIRMED_CHAIN, chain.rpcUrl(), CONFIRMATIONS);
    // A test's provider that comes back is tried again within seconds, not the default 30.
    env.put("CHAIN_CONFIG_CIRCUIT_BREAKER_RECOVERY_TIMEOUT", "3S");
    env.putAll(extraEnv);
    Path log = Path.of("target", "chain-config-service-" + System.nanoTime() + ".log");
    List<String> jvm =
        Stream.concat(Stream.of("-Xmx192m"), ServiceJvm.gcOptions().stream()).toList();
    return ServiceApp.start(ServiceApp.jarOf("chain-config-service"), jvm, env, log);
  }

  private static void seed(
      Map<String, String> env, int i, long chainId, String url, int confirmations) {
    String prefix = "CHAIN_CONFIG_SEED_" + i + "__";
    env.put(prefix + "CHAIN_ID", Long.toString(chainId));
    env.put(prefix + "NAME", "dev chain " + chainId);
    env.put(prefix + "RPC_URLS", url);
    env.put(prefix + "AVERAGE_BLOCK_TIME", "1");
    env.put(prefix + "CONFIRMATION_BLOCKS", Integer.toString(confirmations));
  }
}
