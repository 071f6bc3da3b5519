package dev.eventstreamer.stream.testing;

import dev.eventstreamer.infra.JvmShared;
import dev.eventstreamer.infra.ServiceJvm;
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
 * The real subscription-service, packaged, as its own JVM beside the gateway: subscriptions made
 * through its API reach stream-service over subscription-events, its listing rebuilds the
 * projection, and it applies stream-service's progress events.
 */
public class SubscriptionServiceApp implements QuarkusTestResourceLifecycleManager {

  private static ServiceApp app;

  @Override
  public Map<String, String> start() {
    String url = url();
    return Map.of(
        "stream.subscription-service.url",
        url,
        "quarkus.rest-client.subscription-service.url",
        url);
  }

  @Override
  public void stop() {
    // One for every test application of the JVM; stopped with it.
  }

  /** Where the JVM's one subscription-service answers, started on first use. */
  public static String url() {
    return JvmShared.call(owner(), "url", String.class);
  }

  /** Its log file. */
  public static Path log() {
    return JvmShared.call(owner(), "log", Path.class);
  }

  // Each Quarkus test application has its own copy of this class. Two subscription-services would
  // share the progress-events consumer group with different databases: the one given a partition
  // would drop the progress of the other's subscriptions as unknown.
  private static Object owner() {
    return JvmShared.fromSystemLoader(SubscriptionServiceApp.class)
        .orElseGet(SubscriptionServiceApp::shared);
  }

  /** The running subscription-service of the class loader that owns it; use {@link #url()}. */
  public static synchronized ServiceApp shared() {
    if (app == null) {
      PostgresServer postgres = PostgresServer.shared();
      String database = postgres.createFreshDatabase("stream_subscriptions");
      Map<String, String> env = new HashMap<>();
      env.putAll(postgres.datasourceEnv(database));
      env.put("KAFKA_BOOTSTRAP_SERVERS", KafkaServer.shared().bootstrapServers());
      env.put("SUBSCRIPTION_CHAIN_CONFIG_URL", ChainConfigGateway.url());
      Path log = Path.of("target", "subscription-service-" + System.nanoTime() + ".log");
      List<String> jvm =
          Stream.concat(Stream.of("-Xmx192m"), ServiceJvm.gcOptions().stream()).toList();
      app = ServiceApp.start(ServiceApp.jarOf("subscription-service"), jvm, env, log);
    }
    return app;
  }
}
