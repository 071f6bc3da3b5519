package dev.eventstreamer.common.abi;

import java.util.List;

/**
 * A checked event input or tuple component.
 *
 * @param name the name as given; null when the ABI has none
 * @param fieldName the key of its value in a decoded log: the name, {@code argN} when unnamed, and
 *     for a top-level input whose name is a {@link LogFields#RESERVED position field} the name
 *     prefixed with underscores until it is free (e.g. {@code address} becomes {@code _address})
 * @param type the Solidity type as in JSON ABIs, normalized ({@code uint} becomes {@code uint256},
 *     tuples stay {@code tuple}, {@code tuple[]}...)
 * @param indexed whether the input is a topic (always false for components)
 * @param components the components of a tuple type, else empty
 */
public record AbiParameter(
    String name, String fieldName, String type, boolean indexed, List<AbiParameter> components) {

  public AbiParameter {
    components = List.copyOf(components);
  }

  /**
   * The type with tuples expanded, as in the canonical signature, e.g. {@code (uint256,bytes)[]}.
   */
  public String canonicalType() {
    if (!type.startsWith("tuple")) {
      return type;
    }
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < components.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(components.get(i).canonicalType());
    }
    return sb.append(')').append(type, "tuple".length(), type.length()).toString();
  }
}
