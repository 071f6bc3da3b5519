package dev.eventstreamer.chainconfig.service;

import io.quarkus.logging.Log;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A value for every {@link IngestionSetting} of a chain. Immutable. */
public final class IngestionSettings {

  private static final IngestionSettings DEFAULTS = new IngestionSettings(defaultValues());

  private final Map<IngestionSetting, Object> values;

  private IngestionSettings(EnumMap<IngestionSetting, Object> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  /** Every setting at its default. */
  public static IngestionSettings defaults() {
    return DEFAULTS;
  }

  /**
   * The settings a stored document holds; a setting it lacks (added after the row was written) has
   * its default, and so has one of the wrong type (a hand edit), with a warning: one bad row must
   * not fail every listing and the gateway's reload of every chain.
   */
  public static IngestionSettings fromStored(Map<String, ?> document) {
    EnumMap<IngestionSetting, Object> values = defaultValues();
    if (document != null) {
      for (IngestionSetting setting : IngestionSetting.values()) {
        Object stored = document.get(setting.field());
        if (stored != null) {
          try {
            values.put(setting, setting.coerce(stored));
          } catch (IllegalArgumentException e) {
            Log.warnf(
                "Stored ingestion setting %s is not %s; its default %s applies",
                setting.field(),
                setting.kind().name().toLowerCase(Locale.ROOT),
                setting.byDefault());
          }
        }
      }
    }
    return new IngestionSettings(values);
  }

  /** These settings with {@code sent} replacing theirs. */
  public IngestionSettings with(Map<IngestionSetting, ?> sent) {
    if (sent.isEmpty()) {
      return this;
    }
    EnumMap<IngestionSetting, Object> next = new EnumMap<>(values);
    sent.forEach((setting, value) -> next.put(setting, setting.coerce(value)));
    return new IngestionSettings(next);
  }

  public Object get(IngestionSetting setting) {
    return values.get(setting);
  }

  public int integer(IngestionSetting setting) {
    return (Integer) values.get(setting);
  }

  public double number(IngestionSetting setting) {
    return (Double) values.get(setting);
  }

  /** By JSON field, in the list's order: the stored document and the chain object's fields. */
  public Map<String, Object> toDocument() {
    Map<String, Object> out = new LinkedHashMap<>();
    values.forEach((setting, value) -> out.put(setting.field(), value));
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IngestionSettings other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return toDocument().toString();
  }

  private static EnumMap<IngestionSetting, Object> defaultValues() {
    EnumMap<IngestionSetting, Object> values = new EnumMap<>(IngestionSetting.class);
    for (IngestionSetting setting : IngestionSetting.values()) {
      values.put(setting, setting.byDefault());
    }
    return values;
  }
}
