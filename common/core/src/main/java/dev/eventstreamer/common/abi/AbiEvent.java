package dev.eventstreamer.common.abi;

import java.util.List;

/**
 * A checked event ABI with its canonical signature and topic0; build a {@link LogDecoder} from it.
 *
 * @param canonicalSignature e.g. {@code Swap(address,(uint256,bytes32)[],int24)}
 * @param topic0 keccak-256 of the canonical signature, 0x and 64 lowercase hex digits (also for
 *     anonymous events, whose logs do not carry it)
 */
public record AbiEvent(
    String name,
    List<AbiParameter> inputs,
    boolean anonymous,
    String canonicalSignature,
    String topic0) {

  public AbiEvent {
    inputs = List.copyOf(inputs);
  }

  /** How many inputs are indexed (topics after topic0). */
  public int indexedCount() {
    int n = 0;
    for (AbiParameter p : inputs) {
      if (p.indexed()) {
        n++;
      }
    }
    return n;
  }
}
