package dev.eventstreamer.infra;

/** A launcher setting: system property, else environment variable, else a default. */
public final class Settings {

  private Settings() {}

  /**
   * The system property, else the environment variable, else {@code fallback}; blanks count as
   * unset.
   */
  public static String get(String property, String env, String fallback) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(env);
    }
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  /** Like {@link #get} for an integer setting. */
  public static int getInt(String property, String env, int fallback) {
    String value = get(property, env, null);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(property + "/" + env + " is not a number: " + value, e);
    }
  }

  /** Like {@link #get} for a boolean setting ("true", case-insensitive). */
  public static boolean getBoolean(String property, String env) {
    return Boolean.parseBoolean(get(property, env, "false"));
  }
}
