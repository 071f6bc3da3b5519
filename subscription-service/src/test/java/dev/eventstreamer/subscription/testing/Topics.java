package dev.eventstreamer.subscription.testing;

import dev.eventstreamer.infra.kafka.CloudEventProducer;
import java.time.OffsetDateTime;

/** A plain Kafka producer, as another service would use one (reading: KafkaTopicReader). */
public final class Topics {

  private Topics() {}

  /** Publishes one CloudEvent in Kafka binary mode, as another service would. */
  public static void publish(
      String bootstrapServers,
      String topic,
      String key,
      String id,
      String type,
      String source,
      OffsetDateTime time,
      String json) {
    CloudEventProducer.publishOnce(bootstrapServers, topic, key, id, type, source, time, json);
  }
}
