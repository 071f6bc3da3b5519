package dev.eventstreamer.rules.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstreamer.rules.Flavor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder of rules as JSON files: read in file order, checked as the API checks them. */
class RuleFilesTest {

  @TempDir Path folder;

  @Test
  void readsOneRuleOrAListPerFileInFileNameOrder() throws IOException {
    Files.writeString(
        folder.resolve("b-balances.json"),
        """
        [{"id": "credit", "flavor": "materialize", "event_type": "Transfer",
          "to_update_request": "{'key': {'pk': event.data.to, 'sk': 'balance'}}"},
         {"id": "debit", "flavor": "materialize", "event_type": "Transfer", "enabled": false,
          "to_update_request": "{'key': {'pk': event.data.from, 'sk': 'balance'}}"}]
        """);
    Files.writeString(
        folder.resolve("a-large.json"),
        "{\"id\": \"large\", \"flavor\": \"task\", \"event_type\": \"Transfer\", \"emit\": \"x\"}");
    Files.writeString(folder.resolve("notes.txt"), "not a rule");

    List<RuleDraft> rules = RuleFiles.read(folder);

    assertEquals(List.of("large", "credit", "debit"), rules.stream().map(RuleDraft::id).toList());
    assertEquals(Flavor.MATERIALIZE, rules.get(1).flavor());
    assertEquals(false, rules.get(2).enabled());
    assertEquals(true, rules.get(0).definition().get("enabled").asBoolean());
  }

  @Test
  void aFolderWithABadRuleIsNotLoadedAndSaysWhereEachFaultIs() throws IOException {
    Files.writeString(
        folder.resolve("a.json"),
        "{\"id\": \"one\", \"flavor\": \"lambda\", \"event_type\": \"Transfer\"}");
    Files.writeString(
        folder.resolve("b.json"),
        "[{\"id\": \"two\", \"flavor\": \"collect\", \"event_type\": \"T\"},"
            + " {\"id\": \"two\", \"flavor\": \"collect\", \"event_type\": \"T\"}]");
    Files.writeString(folder.resolve("c.json"), "{\"id\": ");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RuleFiles.read(folder));

    String message = e.getMessage();
    assertTrue(message.contains("a.json: Invalid flavor"), message);
    assertTrue(message.contains("b.json[1]: rule two is also in b.json[0]"), message);
    assertTrue(message.contains("c.json: not JSON"), message);
  }

  @Test
  void aMissingFolderIsSaidToBeOne() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> RuleFiles.read(folder.resolve("missing")));
    assertTrue(e.getMessage().contains("is not a folder"), e.getMessage());
  }
}
