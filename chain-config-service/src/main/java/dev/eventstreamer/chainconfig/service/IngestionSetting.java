package dev.eventstreamer.chainconfig.service;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The chain's ingestion settings, each listed once: its JSON field, type, default and allowed
 * range. The request reader, the validator, the defaults, a PUT's merge, the seed keys, the stored
 * document, the chain object and the OpenAPI schema all go through this list, so a new setting is
 * one line here (rows stored before it get its default).
 */
public enum IngestionSetting {
  // Seconds between blocks (fractional for fast chains); the gateway also polls heads at this pace.
  AVERAGE_BLOCK_TIME(Kind.NUMBER, 12.0, 0.05, 3600, "seconds"),
  CONFIRMATION_BLOCKS(Kind.INTEGER, 12, 0, 1000),
  // max_blocks_per_request in the older request shape (see ChainChanges).
  HISTORICAL_MAX_CHUNK_SIZE(Kind.INTEGER, 10_000, 1, 1_000_000),
  HISTORICAL_MAX_RETRIES(Kind.INTEGER, 3, 0, 100),
  HISTORICAL_MAX_CONCURRENT(Kind.INTEGER, 5, 1, 100),
  HISTORICAL_PROGRESS_INTERVAL(Kind.INTEGER, 100, 1, 1_000_000),
  LIVE_MAX_RETRIES(Kind.INTEGER, 5, 0, 100),
  LIVE_RETRY_DELAY(Kind.INTEGER, 5, 0, 3600),
  LIVE_RECONNECT_DELAY(Kind.INTEGER, 30, 0, 3600),
  LIVE_ENABLE_GAP_DETECTION(Kind.BOOLEAN, true, 0, 0),
  LIVE_MAX_GAP_SIZE(Kind.INTEGER, 1000, 1, 1_000_000),
  LIVE_BLOCK_CHECK_INTERVAL(Kind.INTEGER, 10, 1, 3600),
  LIVE_GAP_FILL_CHUNK_SIZE(Kind.INTEGER, 100, 1, 1_000_000);

  /** A setting's JSON type; its values are {@link Integer}, {@link Double} or {@link Boolean}. */
  public enum Kind {
    INTEGER("must be an integer"),
    NUMBER("must be a number"),
    BOOLEAN("must be true or false");

    private final String expected;

    Kind(String expected) {
      this.expected = expected;
    }

    /** What a value of another type is told. */
    public String expected() {
      return expected;
    }
  }

  private static final Set<String> TRUE = Set.of("true", "yes", "y", "on", "1");
  private static final Set<String> FALSE = Set.of("false", "no", "n", "off", "0");

  private final Kind kind;
  private final Object byDefault;
  private final double min;
  private final double max;
  private final String unit;

  IngestionSetting(Kind kind, Object byDefault, double min, double max) {
    this(kind, byDefault, min, max, "");
  }

  IngestionSetting(Kind kind, Object byDefault, double min, double max, String unit) {
    this.kind = kind;
    this.byDefault = byDefault;
    this.min = min;
    this.max = max;
    this.unit = unit;
  }

  /** The JSON field (and stored key): {@code confirmation_blocks}. */
  public String field() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The configuration key of a seed: {@code confirmation-blocks}. */
  public String configKey() {
    return field().replace('_', '-');
  }

  public Kind kind() {
    return kind;
  }

  /** What the value counts, when it is worth saying ({@code seconds}); else empty. */
  public String unit() {
    return unit;
  }

  /** What a chain has when neither its creation nor its stored document gave a value. */
  public Object byDefault() {
    return byDefault;
  }

  /** The smallest allowed value; none for a boolean. */
  public Optional<Number> minimum() {
    return kind == Kind.BOOLEAN ? Optional.empty() : Optional.of(bound(min));
  }

  /** The largest allowed value; none for a boolean. */
  public Optional<Number> maximum() {
    return kind == Kind.BOOLEAN ? Optional.empty() : Optional.of(bound(max));
  }

  /** What is wrong with {@code value} (of this setting's kind), if anything. */
  public Optional<String> violation(Object value) {
    if (kind == Kind.BOOLEAN) {
      return Optional.empty();
    }
    double v = ((Number) value).doubleValue();
    if (v >= min && v <= max) {
      return Optional.empty();
    }
    String range = "must be between " + text(min) + " and " + text(max);
    return Optional.of(unit.isEmpty() ? range : range + " " + unit);
  }

  /**
   * {@code value} as this setting's kind: a stored or parsed JSON value, where an integer setting
   * may come as any integral number and a number setting as an integer.
   *
   * @throws IllegalArgumentException when it is of another type
   */
  public Object coerce(Object value) {
    switch (kind) {
      case INTEGER:
        if (value instanceof Number n
            && n.doubleValue() == Math.rint(n.doubleValue())
            && n.longValue() == n.intValue()) {
          return n.intValue();
        }
        break;
      case NUMBER:
        if (value instanceof Number n) {
          return n.doubleValue();
        }
        break;
      case BOOLEAN:
        if (value instanceof Boolean) {
          return value;
        }
        break;
    }
    throw new IllegalArgumentException(field() + " " + kind.expected());
  }

  /**
   * {@code text} (a configuration value) as this setting's kind.
   *
   * @throws IllegalArgumentException with {@link Kind#expected()} when it is not one
   */
  public Object parse(String text) {
    String t = text.strip();
    try {
      switch (kind) {
        case INTEGER:
          return Integer.parseInt(t);
        case NUMBER:
          double d = Double.parseDouble(t);
          if (Double.isFinite(d)) {
            return d;
          }
          break;
        case BOOLEAN:
          // The spellings MicroProfile Config takes for a boolean; anything else is a typo.
          String b = t.toLowerCase(Locale.ROOT);
          if (TRUE.contains(b) || FALSE.contains(b)) {
            return TRUE.contains(b);
          }
          break;
      }
    } catch (NumberFormatException e) {
      // told below
    }
    throw new IllegalArgumentException(kind.expected());
  }

  private Number bound(double value) {
    return kind == Kind.INTEGER ? (Number) (int) value : (Number) value;
  }

  private static String text(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
