package dev.eventstreamer.common.abi.impl;

import com.esaulpaugh.headlong.abi.Address;
import com.esaulpaugh.headlong.abi.Tuple;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * headlong's decoded values to JSON-ready ones; the JSON type follows the Solidity type: integers
 * up to 48 bits as numbers, wider ones as decimal strings, addresses EIP-55, bytes as 0x hex,
 * tuples as objects, arrays as lists.
 */
final class Values {

  /** Integers up to this many bits are JSON numbers (exact in every JSON reader's double). */
  static final int MAX_NUMBER_BITS = 48;

  private Values() {}

  static Object convert(TypeNode t, Object v) {
    switch (t.kind) {
      case UINT:
      case INT:
        return integer(t, v);
      case ADDRESS:
        return Checksums.of((Address) v);
      case BOOL:
      case STRING:
        return v;
      case FIXED_BYTES:
      case BYTES:
        return Hex.encode((byte[]) v);
      case TUPLE:
        return tuple(t, (Tuple) v);
      case ARRAY:
        return array(t, v);
      default:
        throw new IllegalStateException(t.canonical);
    }
  }

  static Map<String, Object> tuple(TypeNode t, Tuple tuple) {
    FieldMap out = new FieldMap(t.components.length);
    for (int i = 0; i < t.components.length; i++) {
      // Component names are distinct (EventParser rejects duplicates).
      out.append(t.names[i], convert(t.components[i], tuple.get(i)));
    }
    return out;
  }

  private static Object integer(TypeNode t, Object v) {
    if (t.size <= MAX_NUMBER_BITS) {
      // headlong gives Integer up to 24/32 bits and Long above; one boxed type for all widths.
      return ((Number) v).longValue();
    }
    if (v instanceof Long l) {
      return Long.toString(l);
    }
    return Decimal.of((BigInteger) v);
  }

  private static List<Object> array(TypeNode t, Object v) {
    TypeNode e = t.element;
    if (v instanceof int[] a) {
      List<Object> out = new ArrayList<>(a.length);
      for (int x : a) {
        out.add(e.size <= MAX_NUMBER_BITS ? (Object) (long) x : Integer.toString(x));
      }
      return out;
    }
    if (v instanceof long[] a) {
      List<Object> out = new ArrayList<>(a.length);
      for (long x : a) {
        out.add(e.size <= MAX_NUMBER_BITS ? (Object) x : Long.toString(x));
      }
      return out;
    }
    if (v instanceof boolean[] a) {
      List<Object> out = new ArrayList<>(a.length);
      for (boolean x : a) {
        out.add(x);
      }
      return out;
    }
    Object[] a = (Object[]) v;
    List<Object> out = new ArrayList<>(a.length);
    for (Object x : a) {
      out.add(convert(e, x));
    }
    return out;
  }

  static int capacity(int entries) {
    return (int) (entries / 0.75f) + 1;
  }
}
