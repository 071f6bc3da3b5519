package dev.eventstreamer.rules.rest;

import dev.eventstreamer.common.problem.QueryIntegers;
import dev.eventstreamer.common.problem.Violation;
import java.util.List;

/**
 * The {@code page} and {@code page_size} of a list (1-based; 20 by default, 100 at most), their
 * violations added to the request's.
 */
record Page(int number, int size) {

  static final int DEFAULT_SIZE = 20;
  static final int MAX_SIZE = 100;
  // (page - 1) * page_size must stay an int offset.
  static final int MAX_PAGE = 10_000_000;

  static Page of(String page, String pageSize, List<Violation> violations) {
    return new Page(
        QueryIntegers.from1To("page", page, 1, MAX_PAGE, violations),
        QueryIntegers.from1To("page_size", pageSize, DEFAULT_SIZE, MAX_SIZE, violations));
  }
}
