package dev.eventstreamer.common.outbox.impl;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** The only Kafka-specific piece: the record key. Loaded only for Kafka channels. */
final class KafkaKey {

  private KafkaKey() {}

  static Object metadata(String key) {
    return OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build();
  }
}
