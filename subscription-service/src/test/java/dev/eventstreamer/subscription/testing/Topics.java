package dev.eventstreamer.subscription.testing;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

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
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, json);
      record.headers().add("ce_specversion", bytes("1.0"));
      record.headers().add("ce_id", bytes(id));
      record.headers().add("ce_type", bytes(type));
      record.headers().add("ce_source", bytes(source));
      record.headers().add("ce_partitionkey", bytes(key));
      if (time != null) {
        record
            .headers()
            .add("ce_time", bytes(time.withOffsetSameInstant(ZoneOffset.UTC).toString()));
      }
      record.headers().add("content-type", bytes("application/json"));
      producer.send(record).get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot publish to " + topic, e);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
