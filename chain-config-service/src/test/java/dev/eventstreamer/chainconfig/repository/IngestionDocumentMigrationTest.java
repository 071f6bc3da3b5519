package dev.eventstreamer.chainconfig.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventstreamer.chainconfig.service.IngestionSetting;
import dev.eventstreamer.chainconfig.service.IngestionSettings;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A registry written before the ingestion settings became one document (V1's columns) keeps every
 * value through the upgrade.
 */
@QuarkusTest
class IngestionDocumentMigrationTest {

  private static final String SCHEMA = "ingestion_upgrade_test";

  @Inject AgroalDataSource dataSource;

  @Test
  void everyColumnValueMovesIntoTheDocument() throws Exception {
    // One connection at a time: the pool is small, and Flyway takes its own.
    execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    flyway("1").migrate();
    execute(
        "INSERT INTO "
            + SCHEMA
            + ".chains (chain_id, name, rpc_urls, average_block_time, confirmation_blocks,"
            + " historical_max_chunk_size, historical_max_retries, historical_max_concurrent,"
            + " historical_progress_interval, live_max_retries, live_retry_delay,"
            + " live_reconnect_delay, live_enable_gap_detection, live_max_gap_size,"
            + " live_block_check_interval, live_gap_fill_chunk_size)"
            + " VALUES (7, 'Before', '{http://127.0.0.1:8545}', 0.25, 1, 2, 3, 4, 5, 6, 7, 8,"
            + " false, 9, 10, 11)");

    flyway(null).migrate();

    IngestionSettings upgraded = IngestionSettings.fromStored(document());
    Object[] expected = {0.25, 1, 2, 3, 4, 5, 6, 7, 8, false, 9, 10, 11};
    IngestionSetting[] settings = IngestionSetting.values();
    assertEquals(expected.length, settings.length, "a setting the test does not know");
    for (int i = 0; i < settings.length; i++) {
      assertEquals(expected[i], upgraded.get(settings[i]), settings[i].field());
    }
    execute("DROP SCHEMA " + SCHEMA + " CASCADE");
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private Flyway flyway(String target) {
    var config =
        Flyway.configure()
            .dataSource(dataSource)
            .schemas(SCHEMA)
            .locations("classpath:db/migration");
    return (target == null ? config : config.target(target)).load();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> document() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT ingestion::text FROM " + SCHEMA + ".chains WHERE chain_id = 7")) {
      rows.next();
      return new ObjectMapper().readValue(rows.getString(1), Map.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }
}
