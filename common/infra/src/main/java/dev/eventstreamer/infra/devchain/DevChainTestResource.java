package dev.eventstreamer.infra.devchain;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Quarkus test resource that points the app at the JVM-wide {@link DevChain#shared()} node. */
public class DevChainTestResource implements QuarkusTestResourceLifecycleManager {

  public static final String RPC_URL_KEY = "eventstreamer.devchain.rpc-url";
  public static final String CHAIN_ID_KEY = "eventstreamer.devchain.chain-id";

  @Override
  public Map<String, String> start() {
    DevChain chain = DevChain.shared();
    return Map.of(RPC_URL_KEY, chain.rpcUrl(), CHAIN_ID_KEY, Long.toString(chain.chainId()));
  }

  @Override
  public void stop() {
    // The shared node serves every test class of the JVM and stops at JVM exit.
  }
}
