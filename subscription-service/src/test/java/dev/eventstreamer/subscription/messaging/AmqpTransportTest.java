package dev.eventstreamer.subscription.messaging;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventstreamer.common.cloudevents.EventSources;
import dev.eventstreamer.common.cloudevents.EventTypes;
import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.subscription.testing.AmqpProfile;
import dev.eventstreamer.subscription.testing.Bodies;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpReceiver;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The same channels on AMQP 1.0 by configuration alone: events out, progress in. */
@QuarkusTest
@TestProfile(AmqpProfile.class)
class AmqpTransportTest {

  @ConfigProperty(name = "amqp-host")
  String host;

  @ConfigProperty(name = "amqp-port")
  int port;

  @ConfigProperty(name = "amqp-username")
  String username;

  @ConfigProperty(name = "amqp-password")
  String password;

  private Vertx vertx;
  private AmqpClient client;
  private AmqpConnection connection;

  @BeforeEach
  void connect() throws Exception {
    vertx = Vertx.vertx();
    client =
        AmqpClient.create(
            vertx,
            new AmqpClientOptions()
                .setHost(host)
                .setPort(port)
                .setUsername(username)
                .setPassword(password));
    connection =
        client.connect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void subscriptionEventsGoOutAndProgressComesInOverAmqp() throws Exception {
    List<AmqpMessage> received = new CopyOnWriteArrayList<>();
    AmqpReceiver receiver =
        connection
            .createReceiver(Channels.SUBSCRIPTION_EVENTS)
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    receiver.handler(received::add);

    long id =
        given()
            .contentType(ContentType.JSON)
            .body(Bodies.transfer("amqp-" + UUID.randomUUID()).toString())
            .post("/subscriptions")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    String key = Long.toString(id);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> received.stream().anyMatch(m -> key.equals(attribute(m, "subject"))));
    AmqpMessage created =
        received.stream()
            .filter(m -> key.equals(attribute(m, "subject")))
            .findFirst()
            .orElseThrow();
    assertEquals(EventTypes.SUBSCRIPTION_CREATED, attribute(created, "type"));
    assertEquals(EventSources.SUBSCRIPTION_SERVICE, attribute(created, "source"));
    assertEquals(id, new JsonObject(created.bodyAsBinary()).getLong("id"));

    JsonObject progress =
        new JsonObject()
            .put("subscription_id", id)
            .put("last_processed_block", 4242)
            .put("events_delivered", 7)
            .put("streaming_status", "live")
            .put("is_streaming", true);
    connection
        .createSender(Channels.PROGRESS_EVENTS)
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS)
        .sendWithAck(
            AmqpMessage.create()
                .contentType("application/json")
                .durable(true)
                .applicationProperties(
                    new JsonObject()
                        .put("cloudEvents:specversion", "1.0")
                        .put("cloudEvents:id", UUID.randomUUID().toString())
                        .put("cloudEvents:type", EventTypes.SUBSCRIPTION_PROGRESS)
                        .put("cloudEvents:source", EventSources.STREAM_SERVICE)
                        .put("cloudEvents:time", OffsetDateTime.now().toString()))
                .withBufferAsBody(Buffer.buffer(progress.encode()))
                .build())
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Integer.valueOf(4242)
                    .equals(
                        given()
                            .get("/subscriptions/{id}", id)
                            .then()
                            .extract()
                            .jsonPath()
                            .get("last_processed_block")));
    given()
        .get("/subscriptions/{id}", id)
        .then()
        .statusCode(200)
        .body("events_delivered", org.hamcrest.Matchers.equalTo(7))
        .body("streaming_status", org.hamcrest.Matchers.equalTo("live"));
  }

  private static String attribute(AmqpMessage message, String name) {
    JsonObject properties = message.applicationProperties();
    return properties == null ? null : properties.getString("cloudEvents:" + name);
  }
}
