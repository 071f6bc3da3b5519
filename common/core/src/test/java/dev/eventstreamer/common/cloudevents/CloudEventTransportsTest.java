package dev.eventstreamer.common.cloudevents;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstreamer.common.cloudevents.TransportProbe.Received;
import dev.eventstreamer.common.cloudevents.TransportProbe.Route;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Our events through the connectors' own CloudEvents support, binary mode, on real brokers. */
@QuarkusTest
class CloudEventTransportsTest {

  @Inject TransportProbe probe;

  @ParameterizedTest
  @EnumSource(Route.class)
  void everyAttributeArrivesIntactAndTyped(Route route) {
    EventEnvelope sent =
        EventEnvelope.builder()
            .id("attrs-" + route + "-" + UUID.randomUUID())
            .source(EventSources.STREAM_SERVICE)
            .type(EventTypes.CHAIN_LOG)
            .subject("subscriptions/42/logs/7")
            .time(OffsetDateTime.parse("2024-05-23T10:30:00.123456Z"))
            .partitionKey("sub-42")
            .correlationId("corr-" + route)
            .data(
                Map.of(
                    "block_number", 19_000_000, "removed", false, "topics", new String[] {"0xab"}))
            .build();

    probe.send(route, CloudEventMessages.toMessage(sent));
    Received received = awaitReceived(sent.id());

    assertEquals(sent, received.event(), "typed event equals the one sent");
    IncomingCloudEventMetadata<?> wire = received.cloudEvent();
    assertEquals(sent.id(), wire.getId());
    assertEquals(URI.create("/event-streamer/stream-service"), wire.getSource());
    assertEquals(EventTypes.CHAIN_LOG, wire.getType());
    assertEquals("1.0", wire.getSpecVersion());
    assertEquals(Optional.of("subscriptions/42/logs/7"), wire.getSubject());
    assertEquals(
        sent.time().toInstant(), wire.getTimeStamp().map(ZonedDateTime::toInstant).orElseThrow());
    assertEquals(Optional.of("application/json"), wire.getDataContentType());
    assertEquals(Optional.of("sub-42"), wire.getExtension("partitionkey"));
    assertEquals(Optional.of("corr-" + route), wire.getExtension("correlationid"));
    if (route.kafka()) {
      assertEquals(
          "sub-42", received.kafka().orElseThrow().getKey(), "partition key is the record key");
    } else {
      assertEquals(
          "sub-42", received.amqp().orElseThrow().getGroupId(), "partition key is the group id");
      assertTrue(received.amqp().orElseThrow().isDurable(), "events survive a broker restart");
    }
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void eventWithoutDataArrivesWithoutData(Route route) {
    EventEnvelope sent =
        EventEnvelope.builder()
            .id("nodata-" + route + "-" + UUID.randomUUID())
            .source(EventSources.SUBSCRIPTION_SERVICE)
            .type(EventTypes.SUBSCRIPTION_DELETED)
            .partitionKey("sub-1")
            .build();

    probe.send(route, CloudEventMessages.toMessage(sent));

    assertEquals(null, awaitReceived(sent.id()).event().data());
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void consumersRunOnADuplicatedContextOfTheirOwnPerMessage(Route route) {
    String first = "ctx-a-" + route + "-" + UUID.randomUUID();
    String second = "ctx-b-" + route + "-" + UUID.randomUUID();
    for (String id : new String[] {first, second}) {
      probe.send(
          route,
          CloudEventMessages.toMessage(
              EventEnvelope.builder()
                  .id(id)
                  .source(EventSources.STREAM_SERVICE)
                  .type(EventTypes.SUBSCRIPTION_PROGRESS)
                  .partitionKey("sub-9")
                  .build()));
    }

    Received a = awaitReceived(first);
    Received b = awaitReceived(second);
    assertTrue(a.context() != null && b.context() != null, "on a duplicated context");
    assertTrue(a.context() != b.context(), "one context per message");
    assertEquals(route.blocking(), a.onWorkerThread(), "@Blocking runs on a worker thread");
  }

  private Received awaitReceived(String id) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> probe.received(id), Optional::isPresent)
        .orElseThrow();
  }
}
