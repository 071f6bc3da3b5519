package dev.eventstreamer.subscription.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Request bodies for the tests: a valid ERC-20 Transfer subscription and variations of it. */
public final class Bodies {

  public static final String TRANSFER_TOPIC0 =
      "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

  public static final String TRANSFER_SIGNATURE =
      "{\"type\":\"event\",\"name\":\"Transfer\",\"anonymous\":false,\"inputs\":["
          + "{\"name\":\"from\",\"type\":\"address\",\"indexed\":true,\"internalType\":\"address\"},"
          + "{\"name\":\"to\",\"type\":\"address\",\"indexed\":true},"
          + "{\"name\":\"value\",\"type\":\"uint256\",\"indexed\":false}]}";

  /** An address in its EIP-55 form (the WETH contract) and lowercase. */
  public static final String WETH = "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2";

  public static final String WETH_LOWER = WETH.toLowerCase(java.util.Locale.ROOT);

  private static final ObjectMapper JSON = new ObjectMapper();

  private Bodies() {}

  /** A valid create body for {@code subscriberId} on the active test chain. */
  public static ObjectNode transfer(String subscriberId) {
    try {
      ObjectNode body = JSON.createObjectNode();
      body.put("topic0", TRANSFER_TOPIC0);
      body.set("event_signature", JSON.readTree(TRANSFER_SIGNATURE));
      body.putArray("addresses").add(WETH);
      body.put("start_block", 100);
      body.putNull("end_block");
      body.put("chain_id", ChainConfigStub.ACTIVE_CHAIN);
      body.put("subscriber_id", subscriberId);
      return body;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static ObjectMapper json() {
    return JSON;
  }
}
