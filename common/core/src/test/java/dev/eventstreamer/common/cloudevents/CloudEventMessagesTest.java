package dev.eventstreamer.common.cloudevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstreamer.common.cloudevents.CloudEventException.Kind;
import dev.eventstreamer.common.messaging.CorrelationMetadata;
import io.smallrye.reactive.messaging.amqp.OutgoingAmqpMetadata;
import io.smallrye.reactive.messaging.ce.DefaultCloudEventMetadataBuilder;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.ce.impl.DefaultIncomingCloudEventMetadata;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

/** Messages as the connectors hand them over; the real brokers are in CloudEventTransportsTest. */
class CloudEventMessagesTest {

  @Test
  void outgoingMessageCarriesTheAttributesAndAmqpDeliveryProperties() throws Exception {
    EventEnvelope event = EventEnvelopeTest.fullEvent();

    Message<byte[]> message = CloudEventMessages.toMessage(event);

    OutgoingCloudEventMetadata<?> cloudEvent =
        message.getMetadata(OutgoingCloudEventMetadata.class).orElseThrow();
    assertEquals("1.0", cloudEvent.getSpecVersion());
    assertEquals(Optional.of("application/json"), cloudEvent.getDataContentType());
    assertEquals(Optional.of("1"), cloudEvent.getExtension("partitionkey"));
    assertEquals(Optional.of("corr-1"), cloudEvent.getExtension("correlationid"));
    OutgoingAmqpMetadata amqp = message.getMetadata(OutgoingAmqpMetadata.class).orElseThrow();
    assertTrue(amqp.isDurable());
    assertEquals("1", amqp.getGroupId());
    assertEquals(new ObjectMapper().readTree(message.getPayload()), event.data());
  }

  @Test
  void aMessageOfSerializedJsonCarriesItAsIsWithTheAttributes() {
    EventEnvelope attributes = EventEnvelopeTest.fullEvent().toBuilder().data(null).build();
    byte[] json = "{\"b\": 2,  \"a\": [1]}".getBytes(StandardCharsets.UTF_8);

    Message<byte[]> message = CloudEventMessages.toMessage(attributes, json);

    assertTrue(message.getPayload() == json, "the bytes go out as they are, not re-serialized");
    OutgoingCloudEventMetadata<?> cloudEvent =
        message.getMetadata(OutgoingCloudEventMetadata.class).orElseThrow();
    assertEquals(attributes.id(), cloudEvent.getId());
    assertEquals(attributes.type(), cloudEvent.getType());
    assertEquals(Optional.of("application/json"), cloudEvent.getDataContentType());
    assertEquals(Optional.of("1"), cloudEvent.getExtension("partitionkey"));
    assertEquals("1", message.getMetadata(OutgoingAmqpMetadata.class).orElseThrow().getGroupId());

    Message<byte[]> empty = CloudEventMessages.toMessage(attributes, new byte[0]);
    assertTrue(
        empty
            .getMetadata(OutgoingCloudEventMetadata.class)
            .orElseThrow()
            .getDataContentType()
            .isEmpty(),
        "no content type without data");
  }

  @Test
  void outgoingMessageHasNoCorrelationIdWhenNoneIsKnown() {
    // Off any Vert.x context nothing is current: the outgoing interceptor starts one at send time.
    EventEnvelope event = EventEnvelopeTest.fullEvent().toBuilder().correlationId(null).build();

    OutgoingCloudEventMetadata<?> cloudEvent =
        CloudEventMessages.toMessage(event)
            .getMetadata(OutgoingCloudEventMetadata.class)
            .orElseThrow();

    assertTrue(cloudEvent.getExtension("correlationid").isEmpty());
  }

  @Test
  void readsJsonDataAsAmqpDecodesIt() {
    Message<?> message = incoming("1.0", "application/json", new JsonObject().put("n", 7));

    assertEquals(7, CloudEventMessages.fromMessage(message).data().get("n").asInt());
  }

  @Test
  void readsV03Events() {
    Message<?> message =
        incoming("0.3", "application/json", "{\"n\":3}".getBytes(StandardCharsets.UTF_8));

    assertEquals(3, CloudEventMessages.fromMessage(message).data().get("n").asInt());
  }

  @Test
  void correlationIdAssignedAtTheEdgeFillsAnEventWithoutOne() {
    Message<?> message =
        incoming("1.0", "application/json", new byte[0])
            .addMetadata(new CorrelationMetadata("edge-1"));

    EventEnvelope event = CloudEventMessages.fromMessage(message);

    assertEquals("edge-1", event.correlationId());
    assertEquals(null, event.data());
  }

  @Test
  void messageWithoutCloudEventMetadataIsNotACloudEvent() {
    assertKind(Kind.NOT_A_CLOUD_EVENT, Message.of(new byte[0]));
  }

  @Test
  void unknownSpecVersionIsRejected() {
    assertKind(Kind.UNKNOWN_SPEC_VERSION, incoming("2.0", "application/json", new byte[0]));
  }

  @Test
  void dataThatIsNotJsonIsRejected() {
    assertKind(
        Kind.UNSUPPORTED_CONTENT_TYPE,
        incoming("1.0", "text/plain", "hello".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void malformedJsonDataIsRejected() {
    assertKind(
        Kind.MALFORMED_DATA,
        incoming("1.0", "application/json", "{\"n\":".getBytes(StandardCharsets.UTF_8)));
  }

  private static void assertKind(Kind kind, Message<?> message) {
    CloudEventException e =
        assertThrows(CloudEventException.class, () -> CloudEventMessages.fromMessage(message));
    assertEquals(kind, e.kind(), e.getMessage());
    assertFalse(e.getMessage().isBlank());
  }

  private static <T> Message<T> incoming(String specVersion, String contentType, T payload) {
    var cloudEvent =
        new DefaultCloudEventMetadataBuilder<T>()
            .withSpecVersion(specVersion)
            .withId("in-1")
            .withSource(URI.create("/s"))
            .withType("t")
            .withDataContentType(contentType)
            .withExtension("partitionkey", "k")
            .withData(payload)
            .build();
    return Message.of(payload, Metadata.of(new DefaultIncomingCloudEventMetadata<>(cloudEvent)));
  }
}
