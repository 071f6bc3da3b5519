package dev.eventstreamer.common.cloudevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstreamer.common.cloudevents.CloudEventException.Kind;
import dev.eventstreamer.common.cloudevents.impl.Json;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonCloudEventData;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * One of our CloudEvents, typed: the attributes the suite uses and JSON data. Written as spec 1.0,
 * with {@code datacontenttype} {@value #JSON} when it has data; read from 1.0 or 0.3.
 *
 * @param id unique per event; consumers are idempotent by it
 * @param source the producing service, see {@link EventSources}
 * @param type see {@link EventTypes}
 * @param subject what the event is about (a chain, a subscription), or null
 * @param time when it happened, in UTC, or null when a foreign producer left it out
 * @param partitionKey the {@value #PARTITION_KEY} extension: ordering key (the Kafka record key,
 *     the AMQP group id), or null
 * @param correlationId the {@value #CORRELATION_ID} extension: the unit of work it belongs to, or
 *     null
 * @param data the JSON data, or null when the event has none
 */
public record EventEnvelope(
    String id,
    URI source,
    String type,
    String subject,
    OffsetDateTime time,
    String partitionKey,
    String correlationId,
    JsonNode data) {

  /** The CloudEvents partitioning extension. */
  public static final String PARTITION_KEY = "partitionkey";

  /** The correlation extension, carried across hops by the messaging interceptors. */
  public static final String CORRELATION_ID = "correlationid";

  /** The data content type of every event we write. */
  public static final String JSON = "application/json";

  public EventEnvelope {
    requireText("id", id);
    if (source == null || source.toString().isEmpty()) {
      throw CloudEventException.missing("source");
    }
    requireText("type", type);
    subject = blankToNull(subject);
    partitionKey = blankToNull(partitionKey);
    correlationId = blankToNull(correlationId);
    // One offset for every event, so equal instants compare equal whatever the producer wrote.
    time = time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC);
    data = data == null || data.isMissingNode() ? null : data;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this event's attributes, to derive another event from it. */
  public Builder toBuilder() {
    return new Builder()
        .id(id)
        .source(source)
        .type(type)
        .subject(subject)
        .time(time)
        .partitionKey(partitionKey)
        .correlationId(correlationId)
        .data(data);
  }

  /** The subject, or a {@link Kind#MISSING_ATTRIBUTE} error when a consumer needs one. */
  public String requireSubject() {
    return require("subject", subject);
  }

  /** The partition key, or a {@link Kind#MISSING_ATTRIBUTE} error. */
  public String requirePartitionKey() {
    return require(PARTITION_KEY, partitionKey);
  }

  /** The time, or a {@link Kind#MISSING_ATTRIBUTE} error. */
  public OffsetDateTime requireTime() {
    if (time == null) {
      throw CloudEventException.missing("time");
    }
    return time;
  }

  /** The data, or a {@link Kind#MISSING_ATTRIBUTE} error when the event has none. */
  public JsonNode requireData() {
    if (data == null) {
      throw CloudEventException.missing("data");
    }
    return data;
  }

  /**
   * The data mapped to {@code type} with a plain Jackson mapper.
   *
   * @throws CloudEventException {@link Kind#MISSING_ATTRIBUTE} without data, {@link
   *     Kind#DATA_MAPPING} when it does not fit the class
   */
  public <T> T dataAs(Class<T> type) {
    return dataAs(type, Json.MAPPER);
  }

  /** The data mapped to {@code type} with the service's own mapper (naming, java.time...). */
  public <T> T dataAs(Class<T> type, ObjectMapper mapper) {
    JsonNode node = requireData();
    try {
      return mapper.treeToValue(node, type);
    } catch (IllegalArgumentException | IOException e) {
      throw new CloudEventException(
          Kind.DATA_MAPPING,
          "data",
          "The data of "
              + this.type
              + " "
              + id
              + " is not a "
              + type.getSimpleName()
              + ": "
              + Json.brief(e),
          e);
    }
  }

  /** This event as a CloudEvents SDK event (spec 1.0, JSON data). */
  public CloudEvent toCloudEvent() {
    CloudEventBuilder builder =
        CloudEventBuilder.v1()
            .withId(id)
            .withSource(source)
            .withType(type)
            .withSubject(subject)
            .withTime(time);
    if (partitionKey != null) {
      builder.withExtension(PARTITION_KEY, partitionKey);
    }
    if (correlationId != null) {
      builder.withExtension(CORRELATION_ID, correlationId);
    }
    if (data != null) {
      builder.withData(JSON, JsonCloudEventData.wrap(data));
    }
    return builder.build();
  }

  /**
   * Reads a CloudEvents SDK event (1.0 or 0.3).
   *
   * @throws CloudEventException when its data is not JSON or an attribute is unusable
   */
  public static EventEnvelope from(CloudEvent event) {
    if (event.getData() != null && !Json.isJson(event.getDataContentType())) {
      throw new CloudEventException(
          Kind.UNSUPPORTED_CONTENT_TYPE,
          "datacontenttype",
          "The data of "
              + event.getType()
              + " "
              + event.getId()
              + " is "
              + event.getDataContentType()
              + ", not JSON");
    }
    return new EventEnvelope(
        event.getId(),
        event.getSource(),
        event.getType(),
        event.getSubject(),
        event.getTime(),
        extension(event.getExtension(PARTITION_KEY), PARTITION_KEY),
        extension(event.getExtension(CORRELATION_ID), CORRELATION_ID),
        data(event.getData()));
  }

  /**
   * A string extension value: text as is, a number as its decimal form (a structured producer may
   * write a numeric key), anything else is an {@link Kind#INVALID_ATTRIBUTE}.
   */
  static String extension(Object value, String name) {
    if (value == null || value instanceof String) {
      return (String) value;
    }
    if (value instanceof Number) {
      return value.toString();
    }
    throw new CloudEventException(
        Kind.INVALID_ATTRIBUTE, name, "The '" + name + "' extension must be a string");
  }

  private static JsonNode data(CloudEventData data) {
    if (data == null) {
      return null;
    }
    if (data instanceof JsonCloudEventData json) {
      return json.getNode();
    }
    return Json.parseData(data.toBytes());
  }

  private static void requireText(String attribute, String value) {
    if (value == null || value.isBlank()) {
      throw CloudEventException.missing(attribute);
    }
  }

  private static String require(String attribute, String value) {
    if (value == null) {
      throw CloudEventException.missing(attribute);
    }
    return value;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /** Builds our events; {@code id} and {@code time} default to a random UUID and now. */
  public static final class Builder {

    private String id;
    private URI source;
    private String type;
    private String subject;
    private OffsetDateTime time;
    private String partitionKey;
    private String correlationId;
    private JsonNode data;

    private Builder() {}

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder source(URI source) {
      this.source = source;
      return this;
    }

    /**
     * @throws CloudEventException {@link Kind#INVALID_ATTRIBUTE} when it is not a URI reference
     */
    public Builder source(String source) {
      try {
        this.source = source == null ? null : new URI(source);
      } catch (URISyntaxException e) {
        throw new CloudEventException(
            Kind.INVALID_ATTRIBUTE, "source", "Not a URI reference: " + source, e);
      }
      return this;
    }

    public Builder type(String type) {
      this.type = type;
      return this;
    }

    public Builder subject(String subject) {
      this.subject = subject;
      return this;
    }

    public Builder time(OffsetDateTime time) {
      this.time = time;
      return this;
    }

    public Builder time(Instant time) {
      this.time = time == null ? null : time.atOffset(ZoneOffset.UTC);
      return this;
    }

    public Builder partitionKey(String partitionKey) {
      this.partitionKey = partitionKey;
      return this;
    }

    public Builder correlationId(String correlationId) {
      this.correlationId = correlationId;
      return this;
    }

    public Builder data(JsonNode data) {
      this.data = data;
      return this;
    }

    /**
     * Data from a value mapped with a plain Jackson mapper.
     *
     * @throws CloudEventException {@link Kind#DATA_MAPPING} when the value does not map to JSON
     */
    public Builder data(Object value) {
      return data(value, Json.MAPPER);
    }

    /** Data from a value mapped with the service's own mapper. */
    public Builder data(Object value, ObjectMapper mapper) {
      if (value == null || value instanceof JsonNode) {
        return data((JsonNode) value);
      }
      try {
        // Through text, not valueToTree: the tree then holds the node types a reader parses (an
        // int, not a long, for 1), so an event equals itself read back.
        this.data = mapper.readTree(mapper.writeValueAsBytes(value));
      } catch (IOException e) {
        throw new CloudEventException(
            Kind.DATA_MAPPING, "data", "The value does not map to JSON: " + Json.brief(e), e);
      }
      return this;
    }

    /**
     * Our event; every event we publish has a source, a type and a partition key.
     *
     * @throws CloudEventException {@link Kind#MISSING_ATTRIBUTE} naming the first one missing
     */
    public EventEnvelope build() {
      EventEnvelope event =
          new EventEnvelope(
              id == null ? UUID.randomUUID().toString() : id,
              source,
              type,
              subject,
              // Microseconds: what PostgreSQL keeps, so an event read back from a table is equal.
              time == null
                  ? OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS)
                  : time,
              partitionKey,
              correlationId,
              data);
      if (event.partitionKey() == null) {
        throw CloudEventException.missing(PARTITION_KEY);
      }
      return event;
    }
  }
}
