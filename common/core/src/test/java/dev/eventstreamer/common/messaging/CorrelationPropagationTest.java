package dev.eventstreamer.common.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstreamer.common.cloudevents.CloudEventMessages;
import dev.eventstreamer.common.cloudevents.EventEnvelope;
import dev.eventstreamer.common.cloudevents.EventSources;
import dev.eventstreamer.common.cloudevents.TransportProbe;
import dev.eventstreamer.common.cloudevents.TransportProbe.Received;
import dev.eventstreamer.common.cloudevents.TransportProbe.Route;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The correlation id across hops, the same way on Kafka and AMQP, from HTTP to the brokers. */
@QuarkusTest
class CorrelationPropagationTest {

  @Inject TransportProbe probe;

  @ParameterizedTest
  @EnumSource(Route.class)
  void eventSentWithoutCorrelationIdGetsOneOnTheWire(Route route) {
    // Sent from the test thread: no unit of work is current, so the outgoing edge starts one.
    EventEnvelope sent = event("edge-out-" + route, TransportProbe.RELAYED);

    probe.send(route, CloudEventMessages.toMessage(sent));
    Received received = awaitReceived(sent.id());

    String onTheWire =
        received.cloudEvent().getExtension(Correlation.EXTENSION).orElseThrow().toString();
    UUID.fromString(onTheWire);
    assertEquals(Optional.of(onTheWire), received.current(), "current while processing");
    assertEquals(onTheWire, received.event().correlationId());
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void incomingEdgeAssignsACorrelationIdWhenTheWireHasNone(boolean kafka) {
    // The bare channels are excluded from the outgoing interceptor by configuration.
    EventEnvelope sent = event("edge-in-" + kafka, TransportProbe.RELAYED);

    probe.sendBare(kafka, CloudEventMessages.toMessage(sent));
    Received received = awaitReceived(sent.id());

    assertTrue(
        received.cloudEvent().getExtension(Correlation.EXTENSION).isEmpty(),
        "excluded channel: no correlation id written");
    String assigned = received.current().orElseThrow();
    UUID.fromString(assigned);
    assertEquals(assigned, received.event().correlationId());
  }

  @Test
  void excludedIncomingChannelGetsNoCorrelationId() {
    EventEnvelope sent =
        event("untracked", TransportProbe.RELAYED).toBuilder().correlationId("kept-out").build();

    probe.sendUntracked(CloudEventMessages.toMessage(sent));
    Received received = awaitReceived(sent.id());

    assertEquals(
        Optional.of("kept-out"), received.cloudEvent().getExtension(Correlation.EXTENSION));
    assertEquals(Optional.empty(), received.current(), "nothing made current");
  }

  @ParameterizedTest
  @CsvSource({
    "KAFKA, dev.eventstreamer.test.relay",
    "KAFKA, dev.eventstreamer.test.relay-raw",
    "KAFKA_BLOCKING, dev.eventstreamer.test.relay",
    "KAFKA_BLOCKING, dev.eventstreamer.test.relay-raw",
    "AMQP, dev.eventstreamer.test.relay",
    "AMQP, dev.eventstreamer.test.relay-raw",
    "AMQP_BLOCKING, dev.eventstreamer.test.relay",
    "AMQP_BLOCKING, dev.eventstreamer.test.relay-raw"
  })
  void eventEmittedWhileProcessingCarriesTheIncomingCorrelationId(Route route, String relayType) {
    String correlation = "chain-" + UUID.randomUUID();
    EventEnvelope relay =
        event("relay-" + route, relayType).toBuilder().correlationId(correlation).build();

    probe.send(route, CloudEventMessages.toMessage(relay));
    Received followUp = awaitReceived(TransportProbe.followUpId(relay.id()));

    assertEquals(relay.id(), followUp.event().subject());
    assertEquals(
        Optional.of(correlation), followUp.cloudEvent().getExtension(Correlation.EXTENSION));
    assertEquals(Optional.of(correlation), followUp.current());
  }

  @ParameterizedTest
  @CsvSource({
    "emit, KAFKA, false",
    "emit, AMQP, false",
    "emit-reactive, KAFKA, false",
    "emit-reactive, AMQP, false",
    "emit, KAFKA, true",
    "emit-reactive, AMQP, true"
  })
  void restCallCarriesItsCorrelationIdIntoTheEventsItEmits(
      String endpoint, Route route, boolean raw) {
    String correlation = "http-" + UUID.randomUUID();
    String id = "rest-" + UUID.randomUUID();

    given()
        .header(CorrelationHttpFilter.HEADER, correlation)
        .queryParam("raw", raw)
        .post("/messaging-test/{endpoint}/{route}/{id}", endpoint, route, id)
        .then()
        .statusCode(200)
        .header(CorrelationHttpFilter.HEADER, correlation)
        .body(equalTo(correlation));

    Received received = awaitReceived(id);
    assertEquals(
        Optional.of(correlation), received.cloudEvent().getExtension(Correlation.EXTENSION));
  }

  @Test
  void restCallWithoutCorrelationIdGetsANewOneEchoedAndCarried() {
    String id = "rest-new-" + UUID.randomUUID();

    String echoed =
        given()
            .post("/messaging-test/emit/KAFKA/{id}", id)
            .then()
            .statusCode(200)
            .extract()
            .header(CorrelationHttpFilter.HEADER);

    UUID.fromString(echoed);
    assertEquals(
        Optional.of(echoed), awaitReceived(id).cloudEvent().getExtension(Correlation.EXTENSION));
  }

  @Test
  void unusableCorrelationIdHeaderIsReplacedNotEchoed() {
    String tooLong = "x".repeat(Correlation.MAX_LENGTH + 1);

    String echoed =
        given()
            .header(CorrelationHttpFilter.HEADER, tooLong)
            .post("/messaging-test/emit/AMQP/{id}", "rest-long-" + UUID.randomUUID())
            .then()
            .statusCode(200)
            .extract()
            .header(CorrelationHttpFilter.HEADER);

    assertNotEquals(tooLong, echoed);
    UUID.fromString(echoed);
  }

  @Test
  void everyRestResponseEchoesTheCorrelationIdErrorsIncluded() {
    given()
        .header(CorrelationHttpFilter.HEADER, "probe-1")
        .get("/health")
        .then()
        .statusCode(200)
        .header(CorrelationHttpFilter.HEADER, "probe-1");
    given()
        .header(CorrelationHttpFilter.HEADER, "probe-2")
        .post("/messaging-test/no-such-resource")
        .then()
        .statusCode(404)
        .header(CorrelationHttpFilter.HEADER, "probe-2");
  }

  private static EventEnvelope event(String prefix, String type) {
    return EventEnvelope.builder()
        .id(prefix + "-" + UUID.randomUUID())
        .source(EventSources.RULE_ENGINE_SERVICE)
        .type(type)
        .partitionKey("rule-1")
        .data(java.util.Map.of("n", 1))
        .build();
  }

  private Received awaitReceived(String id) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> probe.received(id), Optional::isPresent)
        .orElseThrow();
  }
}
