package dev.eventstreamer.infra.devchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interval mining on a fixed port with a given log file, and close() stopping the node. */
class IntervalMiningTest {

  @TempDir Path tempDir;

  @Test
  void intervalMiningMakesEmptyLinkedBlocks() throws Exception {
    int port = freePort();
    Path log = tempDir.resolve("logs/node.log");
    DevChain chain =
        DevChain.start(
            DevChain.Options.defaults()
                .withPort(port)
                .withIntervalMiningMillis(200)
                .withLogFile(log));
    try {
      assertEquals("http://127.0.0.1:" + port, chain.rpcUrl());
      long deadline = System.currentTimeMillis() + 15_000;
      while (chain.blockNumber() < 4 && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      assertTrue(chain.blockNumber() >= 4, "blocks mined without transactions");
      for (long number = 1; number <= 4; number++) {
        JsonNode block = chain.block(number);
        assertEquals(0, block.get("transactions").size());
        assertEquals(
            chain.block(number - 1).get("hash").asText(), block.get("parentHash").asText());
      }
      assertTrue(Files.readString(log).contains("Started HTTP"), "node output goes to the log");
    } finally {
      chain.close();
    }
    assertFalse(chain.isAlive());
    assertThrows(UncheckedIOException.class, chain::blockNumber);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
