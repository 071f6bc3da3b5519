package dev.eventstreamer.infra.devchain;

import com.esaulpaugh.headlong.abi.Address;
import com.esaulpaugh.headlong.abi.Event;
import com.esaulpaugh.headlong.abi.Function;
import com.esaulpaugh.headlong.abi.Tuple;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.ByteBuffer;

/** A deployed TestToken (ERC-20 with test extras); each write waits for its receipt. */
public final class TestToken {

  public static final String TRANSFER_SIGNATURE = "Transfer(address,address,uint256)";
  public static final String APPROVAL_SIGNATURE = "Approval(address,address,uint256)";
  public static final String TRADE_SIGNATURE = "Trade(address,(uint256,bytes32,string),uint256[])";

  /** keccak256 of {@link #TRANSFER_SIGNATURE}, 0x hex. */
  public static final String TRANSFER_TOPIC0 = Hex.keccak256(TRANSFER_SIGNATURE);

  /** keccak256 of {@link #APPROVAL_SIGNATURE}, 0x hex. */
  public static final String APPROVAL_TOPIC0 = Hex.keccak256(APPROVAL_SIGNATURE);

  /** keccak256 of {@link #TRADE_SIGNATURE}, 0x hex. */
  public static final String TRADE_TOPIC0 = Hex.keccak256(TRADE_SIGNATURE);

  private static final Function TRANSFER = Function.parse("transfer(address,uint256)");
  private static final Function APPROVE = Function.parse("approve(address,uint256)");
  private static final Function TRANSFER_FROM =
      Function.parse("transferFrom(address,address,uint256)");
  private static final Function MINT = Function.parse("mint(address,uint256)");
  private static final Function EMIT_TRANSFERS = Function.parse("emitTransfers(address,uint256)");
  private static final Function EMIT_TRADE =
      Function.parse("emitTrade((uint256,bytes32,string),uint256[])");
  private static final Function BALANCE_OF = Function.parse("balanceOf(address)", "(uint256)");
  private static final Function TOTAL_SUPPLY = Function.parse("totalSupply()", "(uint256)");

  private final DevChain chain;
  private final String address;
  private final String sender;
  private final JsonNode abi;

  TestToken(DevChain chain, String address, String sender, JsonNode abi) {
    this.chain = chain;
    this.address = address;
    this.sender = sender;
    this.abi = abi;
  }

  /** The contract address, lowercase 0x hex as the node reports it. */
  public String address() {
    return address;
  }

  /** The account transactions are sent from (the deployer unless {@link #from(String)}). */
  public String sender() {
    return sender;
  }

  /** The same token, sending from another unlocked account. */
  public TestToken from(String account) {
    return new TestToken(chain, address, account, abi);
  }

  /** The contract's JSON ABI (an array). */
  public JsonNode abi() {
    return abi;
  }

  /** The headlong Event for an event of the ABI, e.g. "Trade", to decode logs with. */
  public Event<Tuple> event(String name) {
    for (JsonNode entry : abi) {
      if ("event".equals(entry.path("type").asText()) && name.equals(entry.path("name").asText())) {
        return Event.fromJson(entry.toString());
      }
    }
    throw new IllegalArgumentException("no event " + name + " in the TestToken ABI");
  }

  /** Transfers {@code amount} from the sender; returns the transaction hash. */
  public String transfer(String to, BigInteger amount) {
    return send(TRANSFER.encodeCallWithArgs(address(to), amount));
  }

  /** Approves {@code spender} for {@code amount}; returns the transaction hash. */
  public String approve(String spender, BigInteger amount) {
    return send(APPROVE.encodeCallWithArgs(address(spender), amount));
  }

  /** Moves {@code amount} from {@code owner} using the sender's allowance; returns the tx hash. */
  public String transferFrom(String owner, String to, BigInteger amount) {
    return send(TRANSFER_FROM.encodeCallWithArgs(address(owner), address(to), amount));
  }

  /** Mints {@code amount} to {@code to} (a Transfer from the zero address); returns the tx hash. */
  public String mint(String to, BigInteger amount) {
    return send(MINT.encodeCallWithArgs(address(to), amount));
  }

  /**
   * Emits {@code count} Transfer events from the zero address to {@code to} in one transaction,
   * with values 1..count; returns the transaction hash.
   */
  public String emitTransfers(String to, int count) {
    return send(EMIT_TRANSFERS.encodeCallWithArgs(address(to), BigInteger.valueOf(count)));
  }

  /**
   * Emits {@code Trade(sender, (amount, ref, note), fills)}; returns the transaction hash.
   *
   * @param ref exactly 32 bytes
   */
  public String emitTrade(BigInteger amount, byte[] ref, String note, BigInteger... fills) {
    if (ref.length != 32) {
      throw new IllegalArgumentException("ref must be 32 bytes, not " + ref.length);
    }
    return send(EMIT_TRADE.encodeCallWithArgs(Tuple.of(amount, ref, note), fills));
  }

  /** The token balance of an account at the latest block. */
  public BigInteger balanceOf(String account) {
    byte[] data = chain.ethCall(address, array(BALANCE_OF.encodeCallWithArgs(address(account))));
    return BALANCE_OF.decodeSingletonReturn(data);
  }

  /** The total supply at the latest block. */
  public BigInteger totalSupply() {
    byte[] data = chain.ethCall(address, array(TOTAL_SUPPLY.encodeCallWithArgs()));
    return TOTAL_SUPPLY.decodeSingletonReturn(data);
  }

  private String send(ByteBuffer call) {
    return chain.transact(sender, address, array(call)).get("transactionHash").asText();
  }

  private static Address address(String hex) {
    // headlong insists on EIP-55 checksums; the node hands out lowercase addresses.
    return Address.wrap(Address.toChecksumAddress(hex));
  }

  private static byte[] array(ByteBuffer buffer) {
    return buffer.array();
  }
}
