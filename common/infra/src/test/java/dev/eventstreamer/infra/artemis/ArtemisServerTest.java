package dev.eventstreamer.infra.artemis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstreamer.infra.Clients;
import dev.eventstreamer.infra.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Sends and receives over AMQP 1.0 with the Vert.x AMQP client (what SmallRye AMQP uses). */
class ArtemisServerTest {

  @Test
  void messageSentOverAmqpIsReceived() throws Exception {
    // start() with a free port is what shared() uses, covered by the test resource tests.
    int port = Ports.freePort();
    try (ArtemisServer artemis = ArtemisServer.start(port)) {
      assertEquals(port, artemis.amqpPort());
      assertEquals(
          "hello artemis",
          Clients.amqpRoundTrip(
              artemis.host(),
              artemis.amqpPort(),
              artemis.username(),
              artemis.password(),
              "hello artemis"));
    }
    assertFalse(Ports.isListening("127.0.0.1", port, 500), "stopped on close");
  }

  @Test
  void takenPortIsNamedInTheError() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      IllegalStateException error =
          assertThrows(
              IllegalStateException.class, () -> ArtemisServer.start(taken.getLocalPort()));
      assertTrue(
          error.getMessage().contains(String.valueOf(taken.getLocalPort())), error.getMessage());
    }
  }
}
