package dev.eventstreamer.infra.kafka;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes CloudEvents on Kafka in binary mode with a plain producer, as another service would:
 * for tests and the load harness that play a service's part (reading: {@link KafkaTopicReader}).
 */
public final class CloudEventProducer implements AutoCloseable {

  private final KafkaProducer<String, String> producer;

  public CloudEventProducer(String bootstrapServers) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    producer = new KafkaProducer<>(p);
  }

  /** Publishes one event on {@code topic} with {@code key} as record key and partition key. */
  public void publish(
      String topic,
      String key,
      String id,
      String type,
      String source,
      OffsetDateTime time,
      String json) {
    ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, json);
    record.headers().add("ce_specversion", bytes("1.0"));
    record.headers().add("ce_id", bytes(id));
    record.headers().add("ce_type", bytes(type));
    record.headers().add("ce_source", bytes(source));
    record.headers().add("ce_subject", bytes(key));
    record.headers().add("ce_partitionkey", bytes(key));
    if (time != null) {
      record.headers().add("ce_time", bytes(time.withOffsetSameInstant(ZoneOffset.UTC).toString()));
    }
    record.headers().add("content-type", bytes("application/json"));
    try {
      producer.send(record).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing to " + topic, e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot publish to " + topic, e);
    }
  }

  /** Publishes one event with a producer of its own. */
  public static void publishOnce(
      String bootstrapServers,
      String topic,
      String key,
      String id,
      String type,
      String source,
      OffsetDateTime time,
      String json) {
    try (CloudEventProducer producer = new CloudEventProducer(bootstrapServers)) {
      producer.publish(topic, key, id, type, source, time, json);
    }
  }

  @Override
  public void close() {
    producer.close();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
