package dev.eventstreamer.subscription.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients, as another service would use them: publish CloudEvents, read a topic. */
public final class Topics {

  private Topics() {}

  /** One record: key, JSON value and headers (last value per name). */
  public record Received(String key, String value, Map<String, String> headers) {
    public String header(String name) {
      return headers.get(name);
    }
  }

  /** Publishes a binary-mode CloudEvent (spec 1.0) with JSON data, as the connectors write it. */
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

  /** Reads a topic from its beginning. */
  public static final class Reader implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final List<Received> received = new ArrayList<>();

    public Reader(String bootstrapServers, String topic) {
      Properties p = new Properties();
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      p.put(ConsumerConfig.GROUP_ID_CONFIG, "subscription-test-" + UUID.randomUUID());
      p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
      p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500");
      p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
      p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
      consumer = new KafkaConsumer<>(p);
      consumer.subscribe(List.of(topic));
    }

    /** Polls until {@code count} records match or the timeout passes; the matching ones. */
    public List<Received> await(Predicate<Received> filter, int count, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (matching(filter).size() < count && System.nanoTime() < deadline) {
        poll();
      }
      return matching(filter);
    }

    /** Keeps polling for {@code duration}; the matching records. */
    public List<Received> drainFor(Predicate<Received> filter, Duration duration) {
      long deadline = System.nanoTime() + duration.toNanos();
      while (System.nanoTime() < deadline) {
        poll();
      }
      return matching(filter);
    }

    private void poll() {
      for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
          headers.put(
              header.key(),
              header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        received.add(new Received(record.key(), record.value(), headers));
      }
    }

    private List<Received> matching(Predicate<Received> filter) {
      return received.stream().filter(filter).toList();
    }

    @Override
    public void close() {
      consumer.close(Duration.ofSeconds(2));
    }
  }
}
