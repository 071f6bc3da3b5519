package dev.eventstreamer.common.cloudevents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstreamer.common.cloudevents.CloudEventException.Kind;
import dev.eventstreamer.common.cloudevents.impl.AmqpProperties;
import dev.eventstreamer.common.cloudevents.impl.Json;
import dev.eventstreamer.common.messaging.Correlation;
import dev.eventstreamer.common.messaging.CorrelationMetadata;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadataBuilder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Our events as SmallRye messages carrying the connectors' own CloudEvent metadata, so the Kafka
 * and AMQP connectors write and read them (binary mode by default: attributes in {@code ce_}
 * headers / {@code cloudEvents:} application properties, JSON data as the body).
 *
 * <p>The payload is the JSON data as bytes: Kafka channels use the byte array (de)serializers, and
 * the partition key becomes the Kafka record key through the {@code partitionkey} extension.
 */
public final class CloudEventMessages {

  private static final String SPEC_1_0 = "1.0";
  private static final String SPEC_0_3 = "0.3";

  private CloudEventMessages() {}

  /**
   * A message for an emitter or an {@code @Outgoing} method. Without a correlation id of its own
   * the event takes the current one, captured here, on the sender's thread.
   */
  public static Message<byte[]> toMessage(EventEnvelope event) {
    byte[] payload = event.data() == null ? new byte[0] : Json.bytes(event.data());
    Metadata metadata = Metadata.of(metadata(event));
    if (AmqpProperties.PRESENT) {
      metadata = AmqpProperties.add(metadata, event.partitionKey());
    }
    return Message.of(payload, metadata);
  }

  /**
   * A message whose data is JSON already serialized (e.g. read as text from a table): {@code
   * attributes} gives every attribute, its own data is ignored. Saves a parse and a write per event
   * where events are published by the thousand.
   */
  public static Message<byte[]> toMessage(EventEnvelope attributes, byte[] json) {
    Metadata metadata = Metadata.of(metadata(attributes, json != null && json.length > 0));
    if (AmqpProperties.PRESENT) {
      metadata = AmqpProperties.add(metadata, attributes.partitionKey());
    }
    return Message.of(json == null ? new byte[0] : json, metadata);
  }

  /** The outgoing CloudEvent metadata of an event, for a message built by hand. */
  public static OutgoingCloudEventMetadata<byte[]> metadata(EventEnvelope event) {
    return metadata(event, event.data() != null);
  }

  private static OutgoingCloudEventMetadata<byte[]> metadata(EventEnvelope event, boolean hasData) {
    OutgoingCloudEventMetadataBuilder<byte[]> builder =
        OutgoingCloudEventMetadata.<byte[]>builder()
            .withSpecVersion(SPEC_1_0)
            .withId(event.id())
            .withSource(event.source())
            .withType(event.type());
    if (hasData) {
      // Only with data: an empty body declared as JSON is one the AMQP connector cannot decode.
      builder.withDataContentType(EventEnvelope.JSON);
    }
    if (event.subject() != null) {
      builder.withSubject(event.subject());
    }
    if (event.time() != null) {
      builder.withTimestamp(event.time().toZonedDateTime());
    }
    if (event.partitionKey() != null) {
      builder.withExtension(EventEnvelope.PARTITION_KEY, event.partitionKey());
    }
    Optional.ofNullable(event.correlationId())
        .or(Correlation::current)
        .ifPresent(id -> builder.withExtension(EventEnvelope.CORRELATION_ID, id));
    return builder.build();
  }

  /**
   * Reads the event of a message received from a connector with CloudEvents enabled. Without a
   * correlation id on the wire, it has the one the incoming interceptor assigned.
   *
   * @throws CloudEventException {@link Kind#NOT_A_CLOUD_EVENT} when the connector found none, or
   *     what is wrong with its attributes or data
   */
  public static EventEnvelope fromMessage(Message<?> message) {
    IncomingCloudEventMetadata<?> cloudEvent =
        message
            .getMetadata(IncomingCloudEventMetadata.class)
            .orElseThrow(
                () ->
                    new CloudEventException(
                        Kind.NOT_A_CLOUD_EVENT,
                        null,
                        "The message carries no CloudEvent (is cloud-events on for its channel?)"));
    String specVersion = cloudEvent.getSpecVersion();
    if (!SPEC_1_0.equals(specVersion) && !SPEC_0_3.equals(specVersion)) {
      throw new CloudEventException(
          Kind.UNKNOWN_SPEC_VERSION,
          "specversion",
          "CloudEvent " + cloudEvent.getId() + " uses spec version " + specVersion);
    }
    Object payload = message.getPayload();
    String contentType = cloudEvent.getDataContentType().orElse(null);
    // Without data the content type says nothing (AMQP labels an empty body octet-stream).
    if (!isEmpty(payload) && !Json.isJson(contentType)) {
      throw new CloudEventException(
          Kind.UNSUPPORTED_CONTENT_TYPE,
          "datacontenttype",
          "The data of "
              + cloudEvent.getType()
              + " "
              + cloudEvent.getId()
              + " is "
              + contentType
              + ", not JSON");
    }
    JsonNode data = data(payload);
    String correlationId =
        EventEnvelope.extension(
            cloudEvent.getExtension(EventEnvelope.CORRELATION_ID).orElse(null),
            EventEnvelope.CORRELATION_ID);
    if (correlationId == null) {
      correlationId =
          message.getMetadata(CorrelationMetadata.class).map(CorrelationMetadata::id).orElse(null);
    }
    return new EventEnvelope(
        cloudEvent.getId(),
        cloudEvent.getSource(),
        cloudEvent.getType(),
        cloudEvent.getSubject().orElse(null),
        cloudEvent.getTimeStamp().map(ZonedDateTime::toOffsetDateTime).orElse(null),
        EventEnvelope.extension(
            cloudEvent.getExtension(EventEnvelope.PARTITION_KEY).orElse(null),
            EventEnvelope.PARTITION_KEY),
        correlationId,
        data);
  }

  private static boolean isEmpty(Object payload) {
    return payload == null
        || payload instanceof byte[] bytes && bytes.length == 0
        || payload instanceof String text && text.isEmpty()
        || payload instanceof Buffer buffer && buffer.length() == 0;
  }

  // What the connectors hand over: bytes from Kafka's byte array deserializer, a Vert.x JSON value
  // from AMQP (it decodes application/json bodies itself), text from a String deserializer.
  private static JsonNode data(Object payload) {
    if (payload == null) {
      return null;
    }
    if (payload instanceof byte[] bytes) {
      return Json.parseData(bytes);
    }
    if (payload instanceof JsonNode node) {
      return node;
    }
    if (payload instanceof String text) {
      return Json.parseData(text.getBytes(StandardCharsets.UTF_8));
    }
    if (payload instanceof JsonObject object) {
      return Json.parseData(object.toBuffer().getBytes());
    }
    if (payload instanceof JsonArray array) {
      return Json.parseData(array.toBuffer().getBytes());
    }
    if (payload instanceof Buffer buffer) {
      return Json.parseData(buffer.getBytes());
    }
    try {
      return Json.MAPPER.valueToTree(payload);
    } catch (IllegalArgumentException e) {
      throw new CloudEventException(
          Kind.MALFORMED_DATA, "data", "The message payload is not JSON data: " + Json.brief(e), e);
    }
  }
}
