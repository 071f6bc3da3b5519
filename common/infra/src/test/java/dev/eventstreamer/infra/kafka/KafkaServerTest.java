package dev.eventstreamer.infra.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstreamer.infra.Clients;
import dev.eventstreamer.infra.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Produces to and consumes from a broker started for this test with plain kafka-clients. */
class KafkaServerTest {

  @Test
  void producedRecordIsConsumedBack() throws Exception {
    // start() with a free port is what shared() uses, covered by the test resource tests.
    int port = Ports.freePort();
    try (KafkaServer kafka = KafkaServer.start(port)) {
      assertEquals("127.0.0.1:" + port, kafka.bootstrapServers());
      String topic = "infra-test-" + UUID.randomUUID();
      Clients.produce(kafka.bootstrapServers(), topic, "key-1", "hello kafka");
      List<ConsumerRecord<String, String>> records =
          Clients.consume(kafka.bootstrapServers(), topic, 1);
      assertEquals("key-1", records.get(0).key());
      assertEquals("hello kafka", records.get(0).value());
    }
    assertFalse(Ports.isListening("127.0.0.1", port, 500), "stopped on close");
  }

  @Test
  void takenPortIsNamedInTheError() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      IllegalStateException error =
          assertThrows(IllegalStateException.class, () -> KafkaServer.start(taken.getLocalPort()));
      assertTrue(
          error.getMessage().contains(String.valueOf(taken.getLocalPort())), error.getMessage());
    }
  }
}
