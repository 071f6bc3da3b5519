package dev.eventstreamer.common.abi.impl;

/** One checked Solidity type, with what decoding and its guards need to know about its layout. */
public final class TypeNode {

  /** The shape of a type; `function` is a FIXED_BYTES of 24. */
  public enum Kind {
    UINT,
    INT,
    ADDRESS,
    BOOL,
    FIXED_BYTES,
    BYTES,
    STRING,
    TUPLE,
    ARRAY
  }

  /** ABI words hold 32 bytes. */
  public static final int WORD = 32;

  final Kind kind;

  /** Bits of an integer type; bytes of a fixed bytes type. */
  final int size;

  /** Array length, -1 for a dynamic array. */
  final int length;

  final TypeNode element;
  final TypeNode[] components;

  /** Keys of the components in a decoded tuple. */
  final String[] names;

  final boolean dynamic;

  /** Encoded size of a static type; 32 (its offset) for a dynamic one. */
  final long headSize;

  final String canonical;

  private TypeNode(
      Kind kind,
      int size,
      int length,
      TypeNode element,
      TypeNode[] components,
      String[] names,
      boolean dynamic,
      long headSize,
      String canonical) {
    this.kind = kind;
    this.size = size;
    this.length = length;
    this.element = element;
    this.components = components;
    this.names = names;
    this.dynamic = dynamic;
    this.headSize = headSize;
    this.canonical = canonical;
  }

  static TypeNode elementary(Kind kind, int size, String canonical) {
    boolean dynamic = kind == Kind.BYTES || kind == Kind.STRING;
    return new TypeNode(kind, size, 0, null, null, null, dynamic, WORD, canonical);
  }

  static TypeNode tuple(TypeNode[] components, String[] names) {
    boolean dynamic = false;
    long head = 0;
    StringBuilder canonical = new StringBuilder("(");
    for (int i = 0; i < components.length; i++) {
      TypeNode c = components[i];
      dynamic |= c.dynamic;
      head += c.headSize;
      if (i > 0) {
        canonical.append(',');
      }
      canonical.append(c.canonical);
    }
    canonical.append(')');
    return new TypeNode(
        Kind.TUPLE,
        0,
        0,
        null,
        components,
        names,
        dynamic,
        dynamic ? WORD : head,
        canonical.toString());
  }

  static TypeNode array(TypeNode element, int length) {
    boolean dynamic = length < 0 || element.dynamic;
    long head = dynamic ? WORD : element.headSize * length;
    String canonical = element.canonical + (length < 0 ? "[]" : "[" + length + "]");
    return new TypeNode(Kind.ARRAY, 0, length, element, null, null, dynamic, head, canonical);
  }

  /** The sum of the components' head sizes: the bytes a tuple's head occupies. */
  long tupleHeadSize() {
    long head = 0;
    for (TypeNode c : components) {
      head += c.headSize;
    }
    return head;
  }

  /** Arrays, tuples, strings and bytes: indexed values of these are stored as their hash. */
  boolean hashedWhenIndexed() {
    return kind == Kind.ARRAY || kind == Kind.TUPLE || kind == Kind.BYTES || kind == Kind.STRING;
  }

  public String canonical() {
    return canonical;
  }
}
