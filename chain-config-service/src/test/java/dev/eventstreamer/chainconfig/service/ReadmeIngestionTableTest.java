package dev.eventstreamer.chainconfig.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The README's table of ingestion settings says what the list says. */
class ReadmeIngestionTableTest {

  @Test
  void theTableHasEverySettingWithItsTypeDefaultAndRange() throws IOException {
    // Surefire runs in the module's directory.
    List<String> rows = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("README.md"))) {
      for (IngestionSetting setting : IngestionSetting.values()) {
        if (line.startsWith("| `" + setting.field() + "` |")) {
          rows.add(line);
        }
      }
    }
    List<String> expected = new ArrayList<>();
    for (IngestionSetting setting : IngestionSetting.values()) {
      String type = setting.kind().name().toLowerCase(Locale.ROOT);
      String unit = setting.unit().isEmpty() ? "" : " (" + setting.unit() + ")";
      String range =
          setting
              .minimum()
              .map(min -> " " + text(min) + " .. " + text(setting.maximum().orElseThrow()) + " ")
              .orElse(" ");
      expected.add(
          "| `%s` | %s%s | %s |%s|"
              .formatted(setting.field(), type, unit, text(setting.byDefault()), range));
    }
    assertEquals(expected, rows);
  }

  private static String text(Object value) {
    return value instanceof Number n
        ? new BigDecimal(n.toString()).stripTrailingZeros().toPlainString()
        : value.toString();
  }
}
