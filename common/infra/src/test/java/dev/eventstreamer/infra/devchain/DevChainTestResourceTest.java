package dev.eventstreamer.infra.devchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Quarkus test resource hands out the shared node, which close() leaves running. */
class DevChainTestResourceTest {

  @Test
  void startReturnsTheSharedNodesConfig() {
    DevChainTestResource resource = new DevChainTestResource();
    Map<String, String> config = resource.start();
    try {
      DevChain shared = DevChain.shared();
      assertEquals(shared.rpcUrl(), config.get(DevChainTestResource.RPC_URL_KEY));
      assertEquals("31337", config.get(DevChainTestResource.CHAIN_ID_KEY));
      JsonRpcClient client =
          new JsonRpcClient(
              URI.create(config.get(DevChainTestResource.RPC_URL_KEY)), Duration.ofSeconds(10));
      assertEquals(31337, Hex.toLong(client.call("eth_chainId")));

      shared.close();
      assertTrue(shared.isAlive(), "close() leaves the shared node running");
      assertSame(shared, DevChain.shared());
    } finally {
      resource.stop();
    }
  }
}
