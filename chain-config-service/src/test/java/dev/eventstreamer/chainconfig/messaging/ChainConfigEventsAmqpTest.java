package dev.eventstreamer.chainconfig.messaging;

import static dev.eventstreamer.chainconfig.TestChains.nextId;
import static dev.eventstreamer.chainconfig.TestChains.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.eventstreamer.common.cloudevents.EventSources;
import dev.eventstreamer.common.cloudevents.EventTypes;
import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.infra.artemis.ArtemisTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpReceiver;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The same events on AMQP 1.0 (Artemis) when the transport says so: configuration only. */
@QuarkusTest
@TestProfile(ChainConfigEventsAmqpTest.Amqp.class)
class ChainConfigEventsAmqpTest {

  /** The service on AMQP instead of Kafka. */
  public static class Amqp implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("eventstreamer.messaging.transport", "amqp");
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(ArtemisTestResource.class));
    }
  }

  @ConfigProperty(name = "amqp-host")
  String host;

  @ConfigProperty(name = "amqp-port")
  int port;

  @ConfigProperty(name = "amqp-username")
  String username;

  @ConfigProperty(name = "amqp-password")
  String password;

  @Test
  void publishesRegistryChangesOnTheAmqpAddress() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      AmqpClient client =
          AmqpClient.create(
              vertx,
              new AmqpClientOptions()
                  .setHost(host)
                  .setPort(port)
                  .setUsername(username)
                  .setPassword(password));
      AmqpConnection connection = await(client.connect());
      LinkedBlockingQueue<AmqpMessage> received = new LinkedBlockingQueue<>();
      AmqpReceiver receiver = await(connection.createReceiver(Channels.CHAIN_CONFIG_EVENTS));
      receiver.handler(received::add);

      long id = nextId();
      post("""
              {"chain_id": %d, "name": "On AMQP",
               "rpc_urls": ["https://rpc.example.net/?apikey=amqpsecret"]}"""
              .formatted(id))
          .statusCode(201);

      AmqpMessage event = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        AmqpMessage next = received.poll(1, TimeUnit.SECONDS);
        if (next != null && Long.toString(id).equals(property(next, "cloudEvents:subject"))) {
          event = next;
          break;
        }
      }
      if (event == null) {
        throw new AssertionError("no event for chain " + id + " on the AMQP address");
      }
      assertEquals(EventTypes.CHAIN_CREATED, property(event, "cloudEvents:type"));
      assertEquals(EventSources.CHAIN_CONFIG_SERVICE, property(event, "cloudEvents:source"));
      String body = event.bodyAsBinary().toString();
      assertFalse(body.contains("amqpsecret"), "query key leaked");
      JsonObject data = new JsonObject(body);
      assertEquals(id, data.getLong("chain_id"));
      assertEquals("https://rpc.example.net/?apikey=***", data.getString("historical_rpc_url"));
      await(connection.close());
      await(client.close());
    } finally {
      await(vertx.close());
    }
  }

  private static String property(AmqpMessage message, String name) {
    JsonObject properties = message.applicationProperties();
    Object value = properties == null ? null : properties.getValue(name);
    return value == null ? null : value.toString();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
