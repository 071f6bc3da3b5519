package dev.eventstreamer.common.time;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The one timestamp format of the public API: ISO-8601, UTC, always three fraction digits. */
public final class Timestamps {

  // ISO_INSTANT drops the fraction when it is zero; clients parse a fixed millisecond form.
  private static final DateTimeFormatter API_FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  /** Formats an instant as {@code 2024-05-23T10:30:00.000Z}, truncating below milliseconds. */
  public static String format(Instant instant) {
    return API_FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }

  /** The current time in the API format. */
  public static String now() {
    return format(Instant.now());
  }
}
