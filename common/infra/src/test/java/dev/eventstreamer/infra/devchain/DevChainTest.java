package dev.eventstreamer.infra.devchain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esaulpaugh.headlong.abi.Address;
import com.esaulpaugh.headlong.abi.Tuple;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Drives a real Hardhat node (automine): blocks, logs, the test token, snapshots and reorgs. */
class DevChainTest {

  private static DevChain chain;
  private static TestToken token;
  private static List<String> accounts;

  @BeforeAll
  static void startChain() {
    chain = DevChain.start();
    accounts = chain.accounts();
    token = chain.deployToken();
  }

  @AfterAll
  static void stopChain() {
    if (chain != null) {
      chain.close();
      assertTrue(!chain.isAlive(), "node still running after close()");
    }
  }

  @Test
  void answersChainIdAccountsAndErrors() {
    assertEquals(31337, chain.chainId());
    assertEquals(31337, Hex.toLong(chain.call("eth_chainId")));
    assertEquals(20, accounts.size());
    assertTrue(chain.rpcUrl().startsWith("http://127.0.0.1:"));
    JsonRpcException error =
        assertThrows(JsonRpcException.class, () -> chain.call("eth_noSuchMethod"));
    assertEquals("eth_noSuchMethod", error.method());
    assertTrue(error.getMessage().contains("eth_noSuchMethod"), error.getMessage());
  }

  @Test
  void blockNumberAdvancesByMinedBlocks() {
    long before = chain.blockNumber();
    chain.mine(3);
    assertEquals(before + 3, chain.blockNumber());
  }

  @Test
  void minedBlocksLinkToTheirParents() {
    chain.mine(5);
    long head = chain.blockNumber();
    for (long number = head - 4; number <= head; number++) {
      JsonNode block = chain.block(number);
      JsonNode parent = chain.block(number - 1);
      assertEquals(number, Hex.toLong(block.get("number")));
      assertEquals(
          parent.get("hash").asText(),
          block.get("parentHash").asText(),
          "parentHash of block " + number);
    }
  }

  @Test
  void transferIsFoundByGetLogsWithPaddedTopicsAndAmount() {
    String from = accounts.get(0);
    String to = accounts.get(1);
    BigInteger amount = new BigInteger("1234567890123456789");
    token.mint(from, amount.multiply(BigInteger.TWO));
    String tx = token.transfer(to, amount);
    long block = Hex.toLong(chain.receipt(tx).get("blockNumber"));

    List<JsonNode> logs = chain.getLogs(block, block, token.address(), TestToken.TRANSFER_TOPIC0);

    assertEquals(1, logs.size(), logs.toString());
    JsonNode log = logs.get(0);
    assertEquals(tx, log.get("transactionHash").asText());
    assertEquals(token.address(), log.get("address").asText());
    assertEquals(
        List.of(TestToken.TRANSFER_TOPIC0, Hex.addressTopic(from), Hex.addressTopic(to)),
        texts(log.get("topics")));
    assertEquals(Hex.uint256Word(amount), log.get("data").asText());
    assertEquals(amount, token.balanceOf(to));
  }

  @Test
  void topic0ConstantsMatchTheAbi() {
    assertEquals(
        "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
        TestToken.TRANSFER_TOPIC0);
    assertEquals(TestToken.TRANSFER_SIGNATURE, token.event("Transfer").getCanonicalSignature());
    assertEquals(TestToken.APPROVAL_SIGNATURE, token.event("Approval").getCanonicalSignature());
    assertEquals(TestToken.TRADE_SIGNATURE, token.event("Trade").getCanonicalSignature());
  }

  @Test
  void emitTransfersEmitsManyLogsInOneTransaction() {
    String to = accounts.get(2);
    String tx = token.emitTransfers(to, 50);
    long block = Hex.toLong(chain.receipt(tx).get("blockNumber"));

    List<JsonNode> logs = chain.getLogs(block, block, token.address(), TestToken.TRANSFER_TOPIC0);

    assertEquals(50, logs.size());
    long previousIndex = -1;
    for (int i = 0; i < logs.size(); i++) {
      JsonNode log = logs.get(i);
      assertEquals(tx, log.get("transactionHash").asText());
      long logIndex = Hex.toLong(log.get("logIndex"));
      assertTrue(logIndex > previousIndex, "log indexes increase");
      previousIndex = logIndex;
      assertEquals(Hex.addressTopic("0x" + "0".repeat(40)), log.get("topics").get(1).asText());
      assertEquals(Hex.addressTopic(to), log.get("topics").get(2).asText());
      assertEquals(BigInteger.valueOf(i + 1L), Hex.toBigInteger(log.get("data").asText()));
    }
  }

  @Test
  void tradeEventWithTupleAndArrayDecodes() {
    byte[] ref = Arrays.copyOf("order-42".getBytes(StandardCharsets.US_ASCII), 32);
    BigInteger amount = BigInteger.TEN.pow(30);
    BigInteger[] fills = {BigInteger.ONE, BigInteger.valueOf(7), BigInteger.TWO.pow(200)};
    String tx = token.emitTrade(amount, ref, "a note, with ünïcode", fills);
    long block = Hex.toLong(chain.receipt(tx).get("blockNumber"));

    List<JsonNode> logs = chain.getLogs(block, block, token.address(), TestToken.TRADE_TOPIC0);

    assertEquals(1, logs.size());
    JsonNode log = logs.get(0);
    List<String> topics = texts(log.get("topics"));
    assertEquals(List.of(TestToken.TRADE_TOPIC0, Hex.addressTopic(token.sender())), topics);
    byte[][] topicBytes = topics.stream().map(Hex::decode).toArray(byte[][]::new);
    Tuple args = token.event("Trade").decodeArgs(topicBytes, Hex.decode(log.get("data").asText()));
    Address trader = args.get(0);
    Tuple order = args.get(1);
    BigInteger[] decodedFills = args.get(2);
    assertEquals(Address.toChecksumAddress(token.sender()), trader.toString());
    assertEquals(amount, order.get(0));
    assertArrayEquals(ref, order.get(1));
    assertEquals("a note, with ünïcode", order.get(2));
    assertArrayEquals(fills, decodedFills);
  }

  @Test
  void revertToSnapshotThenMiningReorgsTheChain() {
    long height = chain.blockNumber();
    String snapshot = chain.snapshot();
    String tx = token.mint(accounts.get(3), BigInteger.valueOf(5));
    JsonNode orphaned = chain.block(height + 1);
    assertEquals(tx, orphaned.get("transactions").get(0).asText());

    chain.revert(snapshot);
    assertEquals(height, chain.blockNumber());
    chain.mine(1);

    JsonNode replacement = chain.block(height + 1);
    assertNotEquals(orphaned.get("hash").asText(), replacement.get("hash").asText());
    assertEquals(chain.block(height).get("hash").asText(), replacement.get("parentHash").asText());
    assertEquals(0, replacement.get("transactions").size());
    assertTrue(chain.getLogs(height + 1, height + 1, token.address(), null).isEmpty());
    assertEquals(BigInteger.ZERO, token.balanceOf(accounts.get(3)));
  }

  @Test
  void revertedTransactionThrows() {
    // accounts[5] holds no tokens, so the transfer reverts.
    TestToken poor = token.from(accounts.get(5));
    RuntimeException error =
        assertThrows(RuntimeException.class, () -> poor.transfer(accounts.get(6), BigInteger.ONE));
    assertTrue(error.getMessage().contains("balance"), error.getMessage());
  }

  @Test
  void abiListsTheEventsAndFunctions() {
    List<String> names = token.abi().findValuesAsText("name");
    assertTrue(
        names.containsAll(
            List.of(
                "Transfer",
                "Approval",
                "Trade",
                "transfer",
                "approve",
                "transferFrom",
                "allowance",
                "mint",
                "emitTransfers",
                "emitTrade")),
        names.toString());
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}
