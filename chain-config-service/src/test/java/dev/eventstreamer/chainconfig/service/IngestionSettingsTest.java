package dev.eventstreamer.chainconfig.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IngestionSettingsTest {

  @Test
  void aDocumentWithoutASettingReadsItsDefault() {
    IngestionSettings read = IngestionSettings.fromStored(Map.of("confirmation_blocks", 3));
    assertEquals(3, read.get(IngestionSetting.CONFIRMATION_BLOCKS));
    assertEquals(
        IngestionSetting.LIVE_GAP_FILL_CHUNK_SIZE.byDefault(),
        read.get(IngestionSetting.LIVE_GAP_FILL_CHUNK_SIZE));
    assertEquals(IngestionSettings.defaults(), IngestionSettings.fromStored(Map.of()));
  }

  @Test
  void theDocumentHoldsEverySettingInTheListsOrderAndReadsBackEqual() {
    IngestionSettings settings =
        IngestionSettings.defaults()
            .with(
                Map.of(
                    IngestionSetting.AVERAGE_BLOCK_TIME,
                    0.5,
                    IngestionSetting.LIVE_ENABLE_GAP_DETECTION,
                    false));
    Map<String, Object> document = settings.toDocument();
    List<String> fields = new ArrayList<>();
    for (IngestionSetting setting : IngestionSetting.values()) {
      fields.add(setting.field());
    }
    assertEquals(fields, List.copyOf(document.keySet()));
    assertEquals(0.5, document.get("average_block_time"));
    assertEquals(settings, IngestionSettings.fromStored(document));
  }

  @Test
  void storedNumbersTakeTheirSettingsType() {
    // JSON has one number type: 12.0 may come back for an integer, 2 for a number.
    IngestionSettings read =
        IngestionSettings.fromStored(Map.of("confirmation_blocks", 12.0, "average_block_time", 2));
    assertEquals(12, read.integer(IngestionSetting.CONFIRMATION_BLOCKS));
    assertEquals(2.0, read.number(IngestionSetting.AVERAGE_BLOCK_TIME));
    // A hand-edited value of the wrong type reads as the default (with a warning), not a failure.
    IngestionSettings edited =
        IngestionSettings.fromStored(
            Map.of(
                "confirmation_blocks",
                1.5,
                "live_enable_gap_detection",
                "yes",
                "live_max_gap_size",
                1L << 40,
                "live_retry_delay",
                9));
    assertEquals(
        IngestionSettings.defaults().with(Map.of(IngestionSetting.LIVE_RETRY_DELAY, 9)), edited);
    // What a request sends is checked by then: a wrong type there is a programming error.
    assertThrows(
        IllegalArgumentException.class,
        () -> IngestionSettings.defaults().with(Map.of(IngestionSetting.CONFIRMATION_BLOCKS, 1.5)));
  }

  @Test
  void rangesAreToldWithTheirBoundsAndUnit() {
    assertEquals(
        Optional.of("must be between 0.05 and 3600 seconds"),
        IngestionSetting.AVERAGE_BLOCK_TIME.violation(0.01));
    assertEquals(
        Optional.of("must be between 1 and 100"),
        IngestionSetting.HISTORICAL_MAX_CONCURRENT.violation(101));
    assertEquals(Optional.empty(), IngestionSetting.HISTORICAL_MAX_CONCURRENT.violation(100));
  }

  @Test
  void everyDefaultIsWithinItsRange() {
    for (IngestionSetting setting : IngestionSetting.values()) {
      assertEquals(Optional.empty(), setting.violation(setting.byDefault()), setting.field());
      assertEquals(setting.byDefault(), setting.coerce(setting.byDefault()), setting.field());
    }
  }
}
