package dev.eventstreamer.rules.service;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import java.util.Optional;

/** Parses the JSONata expressions of rules, saying where one that does not parse goes wrong. */
public final class Expressions {

  private Expressions() {}

  /** The expression parsed, or the reason it does not parse (with its position) as the error. */
  public static Parsed parse(String text) {
    try {
      return new Parsed(Jsonata.jsonata(text), null);
    } catch (JException e) {
      return new Parsed(
          null,
          "is not a valid JSONata expression (at position "
              + e.getLocation()
              + ": "
              + e.getMessage()
              + ")");
    } catch (RuntimeException e) {
      // The parser throws others on some malformed input; the client's answer is the same.
      return new Parsed(null, "is not a valid JSONata expression (" + e.getMessage() + ")");
    }
  }

  /** An expression, or why it is none. */
  public record Parsed(Jsonata expression, String error) {

    public Optional<String> failure() {
      return Optional.ofNullable(error);
    }
  }
}
