package dev.eventstreamer.rules.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstreamer.common.problem.ProblemException;
import dev.eventstreamer.common.problem.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads a folder of rules as JSON files, checked as the API checks them. */
public final class RuleFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RuleFiles() {}

  /**
   * Every rule of the folder's {@code *.json} files, in file name order; a file holds one rule or a
   * list of rules.
   *
   * @throws IllegalArgumentException naming each file and field that is wrong, and each id given
   *     twice: a folder that does not hold good rules is not half loaded
   */
  public static List<RuleDraft> read(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("rule-engine.rules-dir " + folder + " is not a folder");
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(folder)) {
      files = listing.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new IllegalArgumentException("rule-engine.rules-dir " + folder + " cannot be read", e);
    }
    List<RuleDraft> rules = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (Path file : files) {
      JsonNode content;
      try {
        content = JSON.readTree(file.toFile());
      } catch (JsonProcessingException e) {
        errors.add(file.getFileName() + ": not JSON (" + e.getOriginalMessage() + ")");
        continue;
      } catch (IOException e) {
        errors.add(file.getFileName() + ": not read (" + e.getMessage() + ")");
        continue;
      }
      if (content == null || content.isMissingNode()) {
        errors.add(file.getFileName() + ": empty");
        continue;
      }
      List<JsonNode> entries = new ArrayList<>();
      if (content.isArray()) {
        content.forEach(entries::add);
      } else {
        entries.add(content);
      }
      for (int i = 0; i < entries.size(); i++) {
        String where = file.getFileName() + (content.isArray() ? "[" + i + "]" : "");
        try {
          RuleDraft rule = RuleRequests.parse(entries.get(i), null);
          String before = seen.putIfAbsent(rule.id(), where);
          if (before != null) {
            errors.add(where + ": rule " + rule.id() + " is also in " + before);
          } else {
            rules.add(rule);
          }
        } catch (ProblemException e) {
          errors.add(where + ": " + Violation.summary(e.violations()));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          "The rules of " + folder + " were not loaded: " + String.join("; ", errors));
    }
    return rules;
  }
}
