package dev.eventstreamer.common.cloudevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstreamer.common.cloudevents.CloudEventException.Kind;
import dev.eventstreamer.common.cloudevents.CloudEventsHttp.Mode;
import dev.eventstreamer.common.cloudevents.CloudEventsHttp.Payload;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudEventsHttpTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void binaryRoundTripPutsAttributesInHeadersAndDataInTheBody() throws Exception {
    EventEnvelope event = EventEnvelopeTest.fullEvent();

    Payload payload = CloudEventsHttp.write(event, Mode.BINARY);

    assertEquals("application/json", payload.contentType());
    assertEquals("1.0", payload.headers().get("ce-specversion"));
    assertEquals("evt-1", payload.headers().get("ce-id"));
    assertEquals("1", payload.headers().get("ce-partitionkey"));
    assertEquals("corr-1", payload.headers().get("ce-correlationid"));
    assertEquals(
        MAPPER.readTree("{\"chainId\":1,\"name\":\"mainnet\"}"), MAPPER.readTree(payload.body()));
    assertEquals(event, CloudEventsHttp.readOne(asRequestHeaders(payload), payload.body()));
  }

  @Test
  void binaryRoundTripPercentEncodesNonAsciiHeaderValues() {
    EventEnvelope event =
        EventEnvelopeTest.fullEvent().toBuilder().subject("chaînes/\"1\" 100%").build();

    Payload payload = CloudEventsHttp.write(event, Mode.BINARY);

    assertEquals("cha%C3%AEnes/%221%22%20100%25", payload.headers().get("ce-subject"));
    assertEquals(event, CloudEventsHttp.readOne(asRequestHeaders(payload), payload.body()));
  }

  @Test
  void structuredRoundTripWritesOneJsonObjectWithJsonData() throws Exception {
    EventEnvelope event = EventEnvelopeTest.fullEvent();

    Payload payload = CloudEventsHttp.write(event, Mode.STRUCTURED);

    assertEquals("application/cloudevents+json", payload.contentType());
    JsonNode body = MAPPER.readTree(payload.body());
    assertEquals("1.0", body.get("specversion").asText());
    assertEquals("corr-1", body.get("correlationid").asText());
    assertEquals(1, body.get("data").get("chainId").asInt(), "data inline as JSON, not base64");
    assertEquals(event, CloudEventsHttp.readOne(asRequestHeaders(payload), payload.body()));
  }

  @Test
  void batchRoundTripKeepsEveryEventInOrder() throws Exception {
    EventEnvelope first = EventEnvelopeTest.fullEvent();
    EventEnvelope second = first.toBuilder().id("evt-2").subject(null).correlationId(null).build();
    EventEnvelope third = first.toBuilder().id("evt-3").data((JsonNode) null).build();

    Payload payload = CloudEventsHttp.writeBatch(List.of(first, second, third));

    assertEquals("application/cloudevents-batch+json", payload.contentType());
    assertEquals(3, MAPPER.readTree(payload.body()).size());
    assertEquals(
        List.of(first, second, third),
        CloudEventsHttp.read(asRequestHeaders(payload), payload.body()));
  }

  @Test
  void readsAHandWrittenV03BinaryRequestWithHeadersInAnyCase() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("CE-SpecVersion", List.of("0.3"));
    headers.put("Ce-Id", List.of("legacy-7"));
    headers.put("ce-source", List.of("https://example.com/legacy"));
    headers.put("ce-type", List.of("com.example.legacy.ping"));
    headers.put("ce-time", List.of("2019-06-01T08:00:00+02:00"));
    headers.put("ce-subject", List.of("pings/7"));
    headers.put("ce-partitionkey", List.of("7"));
    headers.put("Content-Type", List.of("application/json; charset=utf-8"));
    byte[] body = "{\"ping\":7}".getBytes(StandardCharsets.UTF_8);

    EventEnvelope event = CloudEventsHttp.readOne(headers, body);

    assertEquals(
        new EventEnvelope(
            "legacy-7",
            URI.create("https://example.com/legacy"),
            "com.example.legacy.ping",
            "pings/7",
            OffsetDateTime.parse("2019-06-01T06:00:00Z"),
            "7",
            null,
            MAPPER.createObjectNode().put("ping", 7)),
        event);
  }

  @Test
  void readsAHandWrittenV03StructuredRequest() {
    String body =
        """
        {"specversion":"0.3","id":"legacy-8","source":"/legacy","type":"com.example.legacy.ping",
         "time":"2019-06-01T06:00:00Z","datacontenttype":"application/json",
         "correlationid":"c-8","data":{"ping":8}}
        """;

    EventEnvelope event =
        CloudEventsHttp.readOne(
            Map.of("content-type", List.of("application/cloudevents+json; charset=UTF-8")),
            body.getBytes(StandardCharsets.UTF_8));

    assertEquals("legacy-8", event.id());
    assertEquals(URI.create("/legacy"), event.source());
    assertEquals("c-8", event.correlationId());
    assertEquals(8, event.data().get("ping").asInt());
  }

  @Test
  void readsAHandWrittenBatchMixingSpecVersions() {
    String body =
        """
        [{"specversion":"1.0","id":"a","source":"/s","type":"t","partitionkey":"k","data":{"n":1}},
         {"specversion":"0.3","id":"b","source":"/s","type":"t","datacontenttype":"application/json","data":[2]},
         {"specversion":"1.0","id":"c","source":"/s","type":"t"}]
        """;

    List<EventEnvelope> events =
        CloudEventsHttp.read(
            Map.of("Content-Type", List.of("application/cloudevents-batch+json")),
            body.getBytes(StandardCharsets.UTF_8));

    assertEquals(List.of("a", "b", "c"), events.stream().map(EventEnvelope::id).toList());
    assertEquals("k", events.get(0).partitionKey());
    assertEquals(2, events.get(1).data().get(0).asInt());
    assertEquals(null, events.get(2).data());
  }

  @Test
  void unknownSpecVersionIsRejectedInBinaryMode() {
    Map<String, List<String>> headers = binaryHeaders();
    headers.put("ce-specversion", List.of("2.0"));
    assertKind(Kind.UNKNOWN_SPEC_VERSION, () -> CloudEventsHttp.read(headers, new byte[0]));
  }

  @Test
  void unknownSpecVersionIsRejectedInStructuredMode() {
    assertKind(
        Kind.UNKNOWN_SPEC_VERSION,
        () ->
            structured("{\"specversion\":\"2.0\",\"id\":\"a\",\"source\":\"/s\",\"type\":\"t\"}"));
  }

  @Test
  void missingSourceHeaderIsNamed() {
    Map<String, List<String>> headers = binaryHeaders();
    headers.remove("ce-source");
    CloudEventException e =
        assertKind(Kind.MISSING_ATTRIBUTE, () -> CloudEventsHttp.read(headers, new byte[0]));
    assertEquals("source", e.attribute().orElseThrow());
  }

  @Test
  void missingIdInAStructuredEventIsNamed() {
    CloudEventException e =
        assertKind(
            Kind.MISSING_ATTRIBUTE,
            () -> structured("{\"specversion\":\"1.0\",\"source\":\"/s\",\"type\":\"t\"}"));
    assertEquals("id", e.attribute().orElseThrow());
  }

  @Test
  void missingTypeInABatchEventIsNamedWithItsPosition() {
    String body =
        "[{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"/s\",\"type\":\"t\"},"
            + "{\"specversion\":\"1.0\",\"id\":\"b\",\"source\":\"/s\"}]";
    CloudEventException e =
        assertKind(
            Kind.MISSING_ATTRIBUTE,
            () ->
                CloudEventsHttp.read(
                    Map.of("content-type", List.of(CloudEventsHttp.BATCH_CONTENT_TYPE)),
                    body.getBytes(StandardCharsets.UTF_8)));
    assertEquals("type", e.attribute().orElseThrow());
    assertTrue(e.getMessage().contains("Event 1"), e.getMessage());
  }

  @Test
  void malformedStructuredBodyIsAMalformedBody() {
    assertKind(Kind.MALFORMED_BODY, () -> structured("{\"specversion\":\"1.0\",\"id\":"));
  }

  @Test
  void malformedOrNonArrayBatchIsAMalformedBody() {
    Map<String, List<String>> headers =
        Map.of("content-type", List.of(CloudEventsHttp.BATCH_CONTENT_TYPE));
    assertKind(
        Kind.MALFORMED_BODY,
        () -> CloudEventsHttp.read(headers, "[{\"id\":".getBytes(StandardCharsets.UTF_8)));
    assertKind(
        Kind.MALFORMED_BODY,
        () -> CloudEventsHttp.read(headers, "{\"id\":\"a\"}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void malformedJsonDataInBinaryModeIsMalformedData() {
    assertKind(
        Kind.MALFORMED_DATA,
        () -> CloudEventsHttp.read(binaryHeaders(), "{\"n\":".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void dataThatIsNotJsonIsAnUnsupportedContentType() {
    Map<String, List<String>> headers = binaryHeaders();
    headers.put("content-type", List.of("text/plain"));
    CloudEventException e =
        assertKind(
            Kind.UNSUPPORTED_CONTENT_TYPE,
            () -> CloudEventsHttp.read(headers, "hello".getBytes(StandardCharsets.UTF_8)));
    assertEquals("datacontenttype", e.attribute().orElseThrow());
  }

  @Test
  void plainJsonRequestIsNotACloudEvent() {
    assertKind(
        Kind.NOT_A_CLOUD_EVENT,
        () ->
            CloudEventsHttp.read(
                Map.of("Content-Type", List.of("application/json")),
                "{}".getBytes(StandardCharsets.UTF_8)));
  }

  private static List<EventEnvelope> structured(String body) {
    return CloudEventsHttp.read(
        Map.of("Content-Type", List.of(CloudEventsHttp.STRUCTURED_CONTENT_TYPE)),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, List<String>> binaryHeaders() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("ce-specversion", List.of("1.0"));
    headers.put("ce-id", List.of("x-1"));
    headers.put("ce-source", List.of("/s"));
    headers.put("ce-type", List.of("t"));
    headers.put("content-type", List.of("application/json"));
    return headers;
  }

  private static Map<String, List<String>> asRequestHeaders(Payload payload) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    payload.headers().forEach((name, value) -> headers.put(name, List.of(value)));
    return headers;
  }

  private static CloudEventException assertKind(Kind kind, Runnable read) {
    CloudEventException e = assertThrows(CloudEventException.class, read::run);
    assertEquals(kind, e.kind(), e.getMessage());
    return e;
  }
}
