package dev.eventstreamer.common.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from its beginning with a plain Kafka consumer, as a downstream service would. */
final class OutboxTopic implements AutoCloseable {

  /** One record: key, value and headers (last value per header name). */
  record Received(String key, String value, Map<String, String> headers) {
    String id() {
      return headers.get("ce_id");
    }
  }

  private final KafkaConsumer<String, String> consumer;
  private final List<Received> received = new ArrayList<>();

  OutboxTopic(String bootstrapServers, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "outbox-test-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    consumer = new KafkaConsumer<>(p);
    consumer.subscribe(List.of(topic));
  }

  /** Polls until {@code count} records match (or the timeout passes); returns the matching ones. */
  List<Received> await(Predicate<Received> filter, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (matching(filter).size() < count && System.nanoTime() < deadline) {
      poll();
    }
    return matching(filter);
  }

  /** Keeps polling for {@code duration}; returns the records matching {@code filter}. */
  List<Received> drainFor(Predicate<Received> filter, Duration duration) {
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
