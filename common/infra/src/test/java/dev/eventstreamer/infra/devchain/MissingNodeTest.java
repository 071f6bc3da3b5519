package dev.eventstreamer.infra.devchain;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A configured node that is missing fails start() with a message that says what is needed. */
class MissingNodeTest {

  @Test
  void missingNodeFailsClearly() {
    String previous = System.getProperty(NodeToolchain.NODE_PROPERTY);
    System.setProperty(NodeToolchain.NODE_PROPERTY, "/nonexistent/devchain-test/node");
    try {
      IllegalStateException error = assertThrows(IllegalStateException.class, DevChain::start);
      assertTrue(
          error
              .getMessage()
              .startsWith(
                  "Node.js 20+ is needed for the dev chain; the system properties "
                      + NodeToolchain.NODE_PROPERTY
                      + "=/nonexistent/devchain-test/node"),
          error.getMessage());
      assertTrue(
          error.getMessage().contains("/nonexistent/devchain-test/node"), error.getMessage());
    } finally {
      if (previous == null) {
        System.clearProperty(NodeToolchain.NODE_PROPERTY);
      } else {
        System.setProperty(NodeToolchain.NODE_PROPERTY, previous);
      }
    }
  }
}
