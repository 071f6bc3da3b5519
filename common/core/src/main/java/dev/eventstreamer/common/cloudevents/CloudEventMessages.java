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
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
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
    Optional<IncomingCloudEventMetadata> found =
        message.getMetadata(IncomingCloudEventMetadata.class);
    if (found.isEmpty()) {
      // The records of a Kafka batch carry their headers, but no CloudEvent metadata.
      Optional<EventEnvelope> fromHeaders = fromKafkaHeaders(message);
      if (fromHeaders.isPresent()) {
        return fromHeaders.get();
      }
    }
    IncomingCloudEventMetadata<?> cloudEvent =
        found.orElseThrow(
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

  /**
   * A CloudEvent of a Kafka record read from its headers (binary mode: {@code ce_} attributes,
   * UTF-8, unencoded) or its body (structured mode); empty when the message is no Kafka record or
   * carries no CloudEvent.
   */
  private static Optional<EventEnvelope> fromKafkaHeaders(Message<?> message) {
    Headers headers;
    if (message instanceof KafkaRecord<?, ?> record) {
      headers = record.getHeaders();
    } else {
      Optional<IncomingKafkaRecordMetadata> kafka =
          message.getMetadata(IncomingKafkaRecordMetadata.class);
      if (kafka.isEmpty()) {
        return Optional.empty();
      }
      headers = kafka.get().getHeaders();
    }
    String contentType = header(headers, "content-type");
    Object payload = message.getPayload();
    if (contentType != null
        && contentType
            .toLowerCase(java.util.Locale.ROOT)
            .startsWith(CloudEventsHttp.STRUCTURED_CONTENT_TYPE)) {
      byte[] body =
          payload instanceof byte[] bytes
              ? bytes
              : String.valueOf(payload).getBytes(StandardCharsets.UTF_8);
      return Optional.of(
          CloudEventsHttp.readOne(
              java.util.Map.of("Content-Type", java.util.List.of(contentType)), body));
    }
    String specVersion = header(headers, "ce_specversion");
    if (specVersion == null) {
      return Optional.empty();
    }
    String id = header(headers, "ce_id");
    if (!SPEC_1_0.equals(specVersion) && !SPEC_0_3.equals(specVersion)) {
      throw new CloudEventException(
          Kind.UNKNOWN_SPEC_VERSION,
          "specversion",
          "CloudEvent " + id + " uses spec version " + specVersion);
    }
    if (!isEmpty(payload) && !Json.isJson(contentType)) {
      throw new CloudEventException(
          Kind.UNSUPPORTED_CONTENT_TYPE,
          "datacontenttype",
          "The data of "
              + header(headers, "ce_type")
              + " "
              + id
              + " is "
              + contentType
              + ", not JSON");
    }
    String source = header(headers, "ce_source");
    String time = header(headers, "ce_time");
    java.time.OffsetDateTime at;
    try {
      at = time == null ? null : java.time.OffsetDateTime.parse(time);
    } catch (java.time.format.DateTimeParseException e) {
      throw new CloudEventException(
          Kind.INVALID_ATTRIBUTE, "time", "The time " + time + " is not RFC 3339");
    }
    java.net.URI sourceUri;
    try {
      sourceUri = source == null ? null : java.net.URI.create(source);
    } catch (IllegalArgumentException e) {
      throw new CloudEventException(
          Kind.INVALID_ATTRIBUTE, "source", "The source " + source + " is not a URI");
    }
    String correlationId = header(headers, "ce_" + EventEnvelope.CORRELATION_ID);
    if (correlationId == null) {
      correlationId =
          message.getMetadata(CorrelationMetadata.class).map(CorrelationMetadata::id).orElse(null);
    }
    return Optional.of(
        new EventEnvelope(
            id,
            sourceUri,
            header(headers, "ce_type"),
            header(headers, "ce_subject"),
            at,
            header(headers, "ce_" + EventEnvelope.PARTITION_KEY),
            correlationId,
            isEmpty(payload) ? null : data(payload)));
  }

  private static String header(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
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
