package dev.eventstreamer.stream.messaging;

import dev.eventstreamer.common.cloudevents.EventEnvelope;
import dev.eventstreamer.common.cloudevents.EventSources;
import dev.eventstreamer.common.messaging.Channels;
import dev.eventstreamer.stream.repository.LogEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.Config;

/**
 * Writes chain-events with Kafka's own producer, record for record what the SmallRye connector
 * writes for a binary-mode CloudEvent ({@code ce_*} headers, {@code content-type}, the subscription
 * id as key), so every consumer of the channel reads them alike.
 *
 * <p>Why not the connector: a backfill publishes tens of thousands of events a second, and the
 * connector's per-message work (metadata, ack wrappers, context capture) cost about as much CPU as
 * ingesting them. Settings are the connector's: the global {@code kafka.*} ones, then the channel's
 * ({@code mp.messaging.outgoing.chain-events.*}: {@code topic} and any Kafka producer setting).
 */
@ApplicationScoped
@Typed(KafkaChainEventsSender.class)
class KafkaChainEventsSender implements ChainEventsSender {

  private static final String CHANNEL_PREFIX =
      "mp.messaging.outgoing." + Channels.CHAIN_EVENTS + ".";
  private static final byte[] SPEC_VERSION = bytes("1.0");
  private static final byte[] SOURCE = bytes(EventSources.STREAM_SERVICE);
  private static final byte[] JSON = bytes(EventEnvelope.JSON);

  private final Map<String, Object> settings;
  private final String topic;
  private volatile KafkaProducer<byte[], byte[]> producer;

  KafkaChainEventsSender(
      @Identifier("default-kafka-broker") Map<String, Object> broker, Config config) {
    Set<String> known = ProducerConfig.configNames();
    Map<String, Object> settings = new HashMap<>();
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    settings.put(ProducerConfig.CLIENT_ID_CONFIG, "stream-service-" + Channels.CHAIN_EVENTS);
    broker.forEach(
        (name, value) -> {
          if (known.contains(name)) {
            settings.put(name, value);
          }
        });
    String topic = Channels.CHAIN_EVENTS;
    for (String name : config.getPropertyNames()) {
      if (!name.startsWith(CHANNEL_PREFIX)) {
        continue;
      }
      String key = name.substring(CHANNEL_PREFIX.length());
      if (key.equals("topic")) {
        topic = config.getValue(name, String.class);
      } else if (known.contains(key)) {
        config.getOptionalValue(name, String.class).ifPresent(v -> settings.put(key, v));
      }
    }
    settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    this.settings = Map.copyOf(settings);
    this.topic = topic;
  }

  @Override
  public void send(long subscriptionId, List<LogEvent> rows) {
    KafkaProducer<byte[], byte[]> producer = producer();
    String subject = Long.toString(subscriptionId);
    byte[] key = bytes(subject);
    CompletableFuture<Void> all = new CompletableFuture<>();
    AtomicInteger pending = new AtomicInteger(rows.size());
    Callback acked =
        (metadata, failure) -> {
          if (failure != null) {
            all.completeExceptionally(failure);
          } else if (pending.decrementAndGet() == 0) {
            all.complete(null);
          }
        };
    OffsetDateTime time = null;
    byte[] timeText = null;
    for (LogEvent row : rows) {
      // Events of one block share a time: formatted once.
      if (row.blockTime() != null && !row.blockTime().equals(time)) {
        time = row.blockTime();
        timeText = bytes(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time));
      }
      byte[] rowTime = row.blockTime() == null ? null : timeText;
      producer.send(
          new ProducerRecord<>(topic, null, key, row.payload(), headers(key, row, rowTime)), acked);
    }
    ChainEventsSender.awaitAcks(all, subscriptionId);
  }

  private static RecordHeaders headers(byte[] subscription, LogEvent row, byte[] time) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(new RecordHeader("ce_specversion", SPEC_VERSION));
    headers.add(new RecordHeader("ce_id", bytes(row.eventId().toString())));
    headers.add(new RecordHeader("ce_type", bytes(ChainEventsSender.type(row))));
    headers.add(new RecordHeader("ce_source", SOURCE));
    headers.add(new RecordHeader("content-type", JSON));
    headers.add(new RecordHeader("ce_subject", subscription));
    if (time != null) {
      headers.add(new RecordHeader("ce_time", time));
    }
    headers.add(new RecordHeader("ce_" + EventEnvelope.PARTITION_KEY, subscription));
    return headers;
  }

  private KafkaProducer<byte[], byte[]> producer() {
    KafkaProducer<byte[], byte[]> p = producer;
    if (p == null) {
      synchronized (this) {
        p = producer;
        if (p == null) {
          p = new KafkaProducer<>(settings);
          producer = p;
        }
      }
    }
    return p;
  }

  @PreDestroy
  void close() {
    KafkaProducer<byte[], byte[]> p = producer;
    if (p != null) {
      p.close(Duration.ofSeconds(5));
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
