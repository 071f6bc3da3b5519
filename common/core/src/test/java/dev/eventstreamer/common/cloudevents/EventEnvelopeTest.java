package dev.eventstreamer.common.cloudevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstreamer.common.cloudevents.CloudEventException.Kind;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventEnvelopeTest {

  record ChainCreated(long chainId, String name) {}

  @Test
  void builderFillsIdAndTimeAndWritesSpec10WithJsonData() {
    Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
    EventEnvelope event =
        EventEnvelope.builder()
            .type(EventTypes.CHAIN_CREATED)
            .source(EventSources.CHAIN_CONFIG_SERVICE)
            .partitionKey("1")
            .data(new ChainCreated(1, "mainnet"))
            .build();

    UUID.fromString(event.id());
    assertEquals(ZoneOffset.UTC, event.time().getOffset());
    assertTrue(
        !event.time().toInstant().isBefore(before)
            && !event.time().toInstant().isAfter(Instant.now()));
    assertEquals(0, event.time().getNano() % 1000, "microsecond precision");
    var cloudEvent = event.toCloudEvent();
    assertEquals("1.0", cloudEvent.getSpecVersion().toString());
    assertEquals("application/json", cloudEvent.getDataContentType());
    assertEquals("1", cloudEvent.getExtension("partitionkey"));
    assertEquals(
        "{\"chainId\":1,\"name\":\"mainnet\"}", new String(cloudEvent.getData().toBytes()));
  }

  @Test
  void sdkRoundTripKeepsEveryAttribute() {
    EventEnvelope event = fullEvent();
    assertEquals(event, EventEnvelope.from(event.toCloudEvent()));
  }

  @Test
  void timeIsNormalizedToUtcSoEqualInstantsAreEqualEvents() {
    OffsetDateTime paris = OffsetDateTime.parse("2024-05-23T12:30:00.123+02:00");
    EventEnvelope event = fullEvent().toBuilder().time(paris).build();
    assertEquals(OffsetDateTime.parse("2024-05-23T10:30:00.123Z"), event.time());
  }

  @Test
  void buildWithoutPartitionKeyNamesTheMissingAttribute() {
    CloudEventException e =
        assertThrows(
            CloudEventException.class,
            () ->
                EventEnvelope.builder()
                    .type(EventTypes.FAULT)
                    .source(EventSources.RULE_ENGINE_SERVICE)
                    .build());
    assertEquals(Kind.MISSING_ATTRIBUTE, e.kind());
    assertEquals("partitionkey", e.attribute().orElseThrow());
  }

  @Test
  void buildWithoutTypeNamesTheMissingAttribute() {
    CloudEventException e =
        assertThrows(
            CloudEventException.class,
            () -> EventEnvelope.builder().source("/x").partitionKey("k").build());
    assertEquals(Kind.MISSING_ATTRIBUTE, e.kind());
    assertEquals("type", e.attribute().orElseThrow());
  }

  @Test
  void sourceThatIsNotAUriIsAnInvalidAttribute() {
    CloudEventException e =
        assertThrows(CloudEventException.class, () -> EventEnvelope.builder().source("a b\\c"));
    assertEquals(Kind.INVALID_ATTRIBUTE, e.kind());
    assertEquals("source", e.attribute().orElseThrow());
  }

  @Test
  void dataMapsToAClass() {
    EventEnvelope event = fullEvent();
    assertEquals(new ChainCreated(1, "mainnet"), event.dataAs(ChainCreated.class));
  }

  @Test
  void dataThatDoesNotFitTheClassIsADataMappingError() {
    ObjectNode data = JsonNodeFactory.instance.objectNode().put("chainId", "not a number");
    EventEnvelope event = fullEvent().toBuilder().data(data).build();
    CloudEventException e =
        assertThrows(CloudEventException.class, () -> event.dataAs(ChainCreated.class));
    assertEquals(Kind.DATA_MAPPING, e.kind());
    assertTrue(
        e.getMessage().contains(event.id()) && e.getMessage().contains("ChainCreated"),
        e.getMessage());
  }

  @Test
  void requiringAbsentAttributesNamesThem() {
    EventEnvelope bare =
        new EventEnvelope("1", URI.create("/x"), "t", null, null, null, null, null);
    assertNull(bare.data());
    assertEquals("subject", missing(bare::requireSubject));
    assertEquals("time", missing(bare::requireTime));
    assertEquals("partitionkey", missing(bare::requirePartitionKey));
    assertEquals("data", missing(() -> bare.dataAs(ChainCreated.class)));
  }

  @Test
  void sourcesNameTheOwnerOfEveryTypeOfTheDesign() {
    EventTypes.ALL.forEach(type -> assertTrue(EventSources.ownerOf(type).isPresent(), type));
    assertEquals(
        EventSources.STREAM_SERVICE, EventSources.ownerOf(EventTypes.CHAIN_LOG).orElseThrow());
    assertTrue(EventSources.ownerOf("com.example.rule.output").isEmpty());
  }

  private static String missing(Runnable access) {
    CloudEventException e = assertThrows(CloudEventException.class, access::run);
    assertEquals(Kind.MISSING_ATTRIBUTE, e.kind());
    return e.attribute().orElseThrow();
  }

  static EventEnvelope fullEvent() {
    return EventEnvelope.builder()
        .id("evt-1")
        .type(EventTypes.CHAIN_CREATED)
        .source(EventSources.CHAIN_CONFIG_SERVICE)
        .subject("chains/1")
        .time(OffsetDateTime.parse("2024-05-23T10:30:00.123456Z"))
        .partitionKey("1")
        .correlationId("corr-1")
        .data(new ChainCreated(1, "mainnet"))
        .build();
  }
}
