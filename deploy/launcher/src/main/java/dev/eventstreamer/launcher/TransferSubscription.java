package dev.eventstreamer.launcher;

import dev.eventstreamer.infra.devchain.TestToken;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The body of a {@code POST /subscriptions} for a token's Transfers, as a client sends it. */
final class TransferSubscription {

  private TransferSubscription() {}

  /** {@code token}'s ERC-20 Transfers on {@code chainId}, from {@code startBlock} on. */
  static JsonObject request(String token, long chainId, long startBlock, String subscriberId) {
    JsonObject transfer =
        new JsonObject()
            .put("type", "event")
            .put("name", "Transfer")
            .put(
                "inputs",
                new JsonArray()
                    .add(input("from", "address", true))
                    .add(input("to", "address", true))
                    .add(input("value", "uint256", false)))
            .put("anonymous", false);
    return new JsonObject()
        .put("topic0", TestToken.TRANSFER_TOPIC0)
        .put("event_signature", transfer)
        .put("addresses", new JsonArray().add(token))
        .put("start_block", startBlock)
        .put("end_block", null)
        .put("chain_id", chainId)
        .put("subscriber_id", subscriberId);
  }

  private static JsonObject input(String name, String type, boolean indexed) {
    return new JsonObject().put("name", name).put("type", type).put("indexed", indexed);
  }
}
