package dev.eventstreamer.common.abi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A log as an {@code eth_getLogs} result gives it: 0x hex strings and hex quantities, JSON-RPC
 * field names. Position fields may be null (pending logs); they are then emitted as null.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RpcLog(
    @JsonProperty("address") String address,
    @JsonProperty("topics") List<String> topics,
    @JsonProperty("data") String data,
    @JsonProperty("blockNumber") String blockNumber,
    @JsonProperty("blockHash") String blockHash,
    @JsonProperty("transactionHash") String transactionHash,
    @JsonProperty("transactionIndex") String transactionIndex,
    @JsonProperty("logIndex") String logIndex,
    @JsonProperty("removed") Boolean removed) {

  /** A log with only what decoding needs; position fields null. */
  public static RpcLog of(List<String> topics, String data) {
    return new RpcLog(null, topics, data, null, null, null, null, null, null);
  }
}
