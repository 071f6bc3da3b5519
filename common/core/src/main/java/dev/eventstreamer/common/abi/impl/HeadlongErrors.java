package dev.eventstreamer.common.abi.impl;

/**
 * Turns the index trail headlong puts in front of its decoding messages ("tuple index 1: array
 * index 3: ...") into a path through our names ("data.amounts[3]").
 */
final class HeadlongErrors {

  private static final String TUPLE = "tuple index ";
  private static final String ARRAY = "array index ";

  /** The path and the remaining message. */
  record Located(String path, String message) {}

  private HeadlongErrors() {}

  static Located locate(TypeNode root, String prefix, String message) {
    if (message == null) {
      return new Located(prefix, "malformed data");
    }
    StringBuilder path = new StringBuilder(prefix);
    TypeNode t = root;
    String rest = message;
    while (true) {
      boolean tuple = rest.startsWith(TUPLE);
      if (!tuple && !rest.startsWith(ARRAY)) {
        break;
      }
      int from = TUPLE.length();
      int colon = rest.indexOf(':', from);
      if (colon < 0) {
        break;
      }
      int index;
      try {
        index = Integer.parseInt(rest.substring(from, colon));
      } catch (NumberFormatException e) {
        break;
      }
      if (tuple && t != null && t.kind == TypeNode.Kind.TUPLE && index < t.components.length) {
        path.append('.').append(t.names[index]);
        t = t.components[index];
      } else if (!tuple && t != null && t.kind == TypeNode.Kind.ARRAY) {
        path.append('[').append(index).append(']');
        t = t.element;
      } else {
        break;
      }
      rest = rest.substring(colon + 1).trim();
    }
    return new Located(path.toString(), rest);
  }
}
