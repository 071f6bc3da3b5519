package dev.eventstreamer.infra.kafka;

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

/**
 * Reads a topic from its beginning with a plain Kafka consumer of its own group, as a downstream
 * service would; for tests that check what a service published.
 */
public final class KafkaTopicReader implements AutoCloseable {

  /** One record: key, value and headers (last value per header name), as text. */
  public record Received(String key, String value, Map<String, String> headers) {

    /** The CloudEvent id ({@code ce_id} header). */
    public String id() {
      return headers.get("ce_id");
    }

    /** The header's value, or null. */
    public String header(String name) {
      return headers.get(name);
    }
  }

  private final KafkaConsumer<String, String> consumer;
  private final List<Received> received = new ArrayList<>();

  public KafkaTopicReader(String bootstrapServers, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "topic-reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    consumer = new KafkaConsumer<>(p);
    consumer.subscribe(List.of(topic));
  }

  /** Polls until {@code count} records match or {@code timeout} passes; the matching ones. */
  public List<Received> await(Predicate<Received> filter, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (matching(filter).size() < count && System.nanoTime() < deadline) {
      poll();
    }
    return matching(filter);
  }

  /** Keeps polling for {@code duration}; the records matching {@code filter}. */
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
