package dev.eventstreamer.common.problem;

import java.util.List;

/** Whole-number query parameters such as {@code page} and {@code page_size}. */
public final class QueryIntegers {

  private QueryIntegers() {}

  /**
   * {@code text} as an integer from 1 to {@code max}; {@code absent} when the parameter was not
   * sent, or when it is bad, after adding a violation naming it to {@code violations}.
   */
  public static int from1To(
      String name, String text, int absent, int max, List<Violation> violations) {
    if (text == null) {
      return absent;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= 1 && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    violations.add(Violation.query(name, "must be an integer from 1 to " + max));
    return absent;
  }
}
