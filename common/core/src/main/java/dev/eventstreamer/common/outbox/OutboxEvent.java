package dev.eventstreamer.common.outbox;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvent waiting in the outbox: published on {@code channel} with partition key {@code key},
 * in order with the other events of that channel and key.
 *
 * @param id CloudEvent id (consumers deduplicate on it): a UUID, or any text unique in the outbox
 * @param channel the reactive messaging channel an {@link OutboxChannel} serves
 * @param key partition key: Kafka record key and CloudEvent extension {@code partitionkey}
 * @param type CloudEvent type
 * @param source CloudEvent source, a URI reference
 * @param subject CloudEvent subject, or null
 * @param data the event data as JSON text
 * @param correlationId the correlation id to carry, or null to take {@code Correlation.current()}
 *     when appending
 * @param time the CloudEvent time, or null for the time the row was appended
 */
public record OutboxEvent(
    String id,
    String channel,
    String key,
    String type,
    String source,
    String subject,
    String data,
    String correlationId,
    OffsetDateTime time) {

  public OutboxEvent {
    require(notBlank(id), "id");
    require(notBlank(channel), "channel");
    require(notBlank(key), "key");
    require(notBlank(type), "type");
    require(notBlank(source), "source");
    require(data != null, "data");
    try {
      URI.create(source);
    } catch (IllegalArgumentException e) {
      throw new OutboxException(
          OutboxException.Kind.INVALID_EVENT, "source is not a URI reference: " + source);
    }
  }

  /** A builder; the id defaults to a random UUID. */
  public static Builder builder() {
    return new Builder();
  }

  /** This event with {@code correlationId}. */
  public OutboxEvent withCorrelationId(String correlationId) {
    return new OutboxEvent(id, channel, key, type, source, subject, data, correlationId, time);
  }

  private static boolean notBlank(String value) {
    return value != null && !value.isBlank();
  }

  private static void require(boolean ok, String attribute) {
    if (!ok) {
      throw new OutboxException(
          OutboxException.Kind.INVALID_EVENT, "outbox event needs a " + attribute);
    }
  }

  /** Collects the attributes; {@link #build()} checks them. */
  public static final class Builder {
    private String id;
    private String channel;
    private String key;
    private String type;
    private String source;
    private String subject;
    private String data;
    private String correlationId;
    private OffsetDateTime time;

    private Builder() {}

    public Builder id(UUID id) {
      this.id = id == null ? null : id.toString();
      return this;
    }

    /** An id that is not a UUID, such as a rule's deterministic {@code <trigger>.<rule>}. */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** When the event happened; the row's append time when not given. */
    public Builder time(OffsetDateTime time) {
      this.time = time;
      return this;
    }

    public Builder channel(String channel) {
      this.channel = channel;
      return this;
    }

    public Builder key(String key) {
      this.key = key;
      return this;
    }

    public Builder type(String type) {
      this.type = type;
      return this;
    }

    public Builder source(String source) {
      this.source = source;
      return this;
    }

    public Builder subject(String subject) {
      this.subject = subject;
      return this;
    }

    /** The data as JSON text (stored as jsonb, published as the message payload). */
    public Builder data(String json) {
      this.data = json;
      return this;
    }

    public Builder correlationId(String correlationId) {
      this.correlationId = correlationId;
      return this;
    }

    public OutboxEvent build() {
      return new OutboxEvent(
          Objects.requireNonNullElseGet(id, () -> UUID.randomUUID().toString()),
          channel,
          key,
          type,
          source,
          subject,
          data,
          correlationId,
          time);
    }
  }
}
