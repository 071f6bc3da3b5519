package dev.eventstreamer.rules.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.infra.kafka.CloudEventProducer;
import dev.eventstreamer.infra.kafka.KafkaServer;
import dev.eventstreamer.infra.kafka.KafkaTopicReader;
import dev.eventstreamer.infra.postgres.PostgresServer;
import dev.eventstreamer.infra.service.ServiceApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged rule-engine-service replicas on one database and one consumer group: they share the
 * partitions of the channels, a rule saved through one is in force on both for the next events,
 * every event is applied once, and the ttl sweeper removes (and expires) each row once.
 */
class RuleReplicasIT {

  static final Duration WAIT = Duration.ofSeconds(90);
  static final int PARTITIONS = 4;
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static PostgresServer postgres;
  static String database;
  static ServiceApp one;
  static ServiceApp two;

  @BeforeAll
  static void start() throws Exception {
    String bootstrap = KafkaServer.shared().bootstrapServers();
    Properties admin = new Properties();
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin client = Admin.create(admin)) {
      client
          .createTopics(
              List.of(
                  new NewTopic(Channels.DOMAIN_EVENTS, PARTITIONS, (short) 1),
                  new NewTopic(Channels.CHAIN_EVENTS, PARTITIONS, (short) 1),
                  new NewTopic("rule-changes", PARTITIONS, (short) 1)))
          .all()
          .get();
    }
    postgres = PostgresServer.shared();
    database = postgres.createFreshDatabase("rule_replicas");
    one = replica("one", bootstrap);
    two = replica("two", bootstrap);
  }

  static ServiceApp replica(String name, String bootstrap) {
    Map<String, String> env = new HashMap<>(postgres.datasourceEnv(database));
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    env.put("RULE_ENGINE_SWEEP_INTERVAL", "200ms");
    return ServiceApp.start(
        ServiceApp.jarOf("rule-engine-service"),
        List.of("-Xmx256m"),
        env,
        Path.of("target", "replicas", name + ".log"));
  }

  @AfterAll
  static void stop() {
    for (ServiceApp app : new ServiceApp[] {one, two}) {
      if (app != null) {
        app.close();
      }
    }
    postgres.dropDatabase(database);
  }

  @Test
  void bothReplicasRunARuleSavedThroughOneAndEachEventOnce() throws Exception {
    String type = "tick-" + UUID.randomUUID();
    String rule = "count-" + UUID.randomUUID().toString().substring(0, 8);
    post(
        one,
        "/api/rules",
        """
        {"id": "%s", "flavor": "materialize", "event_type": "%s",
         "to_update_request": "{'key': {'pk': event.partition_key, 'sk': 'ticks'}, 'add': {'n': 1}}"}
        """
            .formatted(rule, type));
    int keys = 40;
    int perKey = 5;
    try (CloudEventProducer producer =
        new CloudEventProducer(KafkaServer.shared().bootstrapServers())) {
      for (int round = 0; round < perKey; round++) {
        for (int k = 0; k < keys; k++) {
          producer.publish(
              Channels.DOMAIN_EVENTS,
              "key-" + k,
              UUID.randomUUID().toString(),
              type,
              "/another-service",
              OffsetDateTime.now(ZoneOffset.UTC),
              "{}");
        }
      }
    }
    for (int k = 0; k < keys; k++) {
      String key = "key-" + k;
      Awaitility.await().atMost(WAIT).until(() -> ticks(one, key) == perKey);
      assertEquals(perKey, ticks(two, key), key);
    }
    // Both replicas took a share of the partitions, each with the rule in force.
    double onOne = matched(one, rule);
    double onTwo = matched(two, rule);
    assertTrue(onOne > 0 && onTwo > 0, "matched on one " + onOne + ", on two " + onTwo);
    assertEquals(keys * perKey, onOne + onTwo, 0.0, "every event once");
  }

  @Test
  void theSweeperRemovesAndExpiresEachRowOnce() throws Exception {
    String type = "order-" + UUID.randomUUID().toString().substring(0, 8);
    post(
        two,
        "/api/rules",
        """
        {"id": "%s", "flavor": "collect", "event_type": "%s", "ttl": 0.00002, "expire": true}
        """
            .formatted("keep-" + type, type));
    post(
        one,
        "/api/rules",
        """
        {"id": "%s", "flavor": "expired", "event_type": "%s"}
        """
            .formatted("expire-" + type, type));
    int orders = 30;
    try (KafkaTopicReader domain =
            new KafkaTopicReader(KafkaServer.shared().bootstrapServers(), Channels.DOMAIN_EVENTS);
        CloudEventProducer producer =
            new CloudEventProducer(KafkaServer.shared().bootstrapServers())) {
      for (int i = 0; i < orders; i++) {
        producer.publish(
            Channels.DOMAIN_EVENTS,
            "order-" + i,
            UUID.randomUUID().toString(),
            type,
            "/another-service",
            OffsetDateTime.now(ZoneOffset.UTC),
            "{\"n\": " + i + "}");
      }
      domain.await(r -> (type + "-expired").equals(r.header("ce_type")), orders, WAIT);
      List<KafkaTopicReader.Received> expired =
          domain.drainFor(
              r -> (type + "-expired").equals(r.header("ce_type")), Duration.ofSeconds(3));
      assertEquals(
          orders, expired.size(), "one expiry per collected event, both replicas sweeping");
      assertEquals(orders, expired.stream().map(KafkaTopicReader.Received::id).distinct().count());
    }
  }

  private static int ticks(ServiceApp app, String key) throws Exception {
    HttpResponse<String> answer = get(app, "/api/views/" + key + "/ticks");
    if (answer.statusCode() == 404) {
      return 0;
    }
    JsonNode item = JSON.readTree(answer.body());
    return item.path("data").path("n").asInt();
  }

  private static double matched(ServiceApp app, String rule) throws Exception {
    String metrics = get(app, "/q/metrics").body();
    Matcher m =
        Pattern.compile("rules_matched_total\\{rule=\"" + Pattern.quote(rule) + "\"} ([0-9.E]+)")
            .matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private static HttpResponse<String> get(ServiceApp app, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(app.url() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void post(ServiceApp app, String path, String body) throws Exception {
    HttpResponse<String> answer =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(app.url() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(201, answer.statusCode(), answer.body());
  }
}
