package dev.eventstreamer.infra;

import java.util.HashSet;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Turns the chatty INFO logging of embedded servers down to WARN. */
public final class QuietLogging {

  // java.util.logging keeps loggers only weakly, so the levels set here would be forgotten.
  private static final Set<Logger> KEPT = new HashSet<>();

  private QuietLogging() {}

  /**
   * Sets WARN on the named logger categories unless a level is already configured for them, so a
   * user who asks for DEBUG in their logging config still gets it.
   */
  public static synchronized void warnOnly(String... categories) {
    for (String category : categories) {
      Logger logger = Logger.getLogger(category);
      if (logger.getLevel() == null) {
        logger.setLevel(Level.WARNING);
      }
      KEPT.add(logger);
    }
  }
}
