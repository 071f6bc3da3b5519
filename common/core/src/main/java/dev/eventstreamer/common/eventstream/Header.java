package dev.eventstreamer.common.eventstream;

import java.util.Objects;

/** One named, typed header of a message. Limits are checked when a {@link Message} is built. */
public record Header(String name, HeaderValue value) {

  public Header {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }

  /** A header with a string value. */
  public static Header of(String name, String value) {
    return new Header(name, HeaderValue.of(value));
  }

  /** A header with any value. */
  public static Header of(String name, HeaderValue value) {
    return new Header(name, value);
  }
}
