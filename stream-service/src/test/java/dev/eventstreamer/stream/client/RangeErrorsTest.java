package dev.eventstreamer.stream.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventstreamer.stream.client.RangeAdvice.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Providers' refusals of a wide eth_getLogs, as they word them, each read into what to ask next.
 * The asked range is always 0x1000000..0x1002710 (16,777,216..16,787,216: 10,001 blocks).
 */
class RangeErrorsTest {

  static final long FROM = 0x1000000;
  static final long TO = 0x1002710;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Infura, range in the message | -32005 | query returned more than 10000 results. Try with this block range [0x1000000, 0x1000064]. | | SUGGESTED_RANGE | 16777216 | 16777316 | 0
          Infura, range only in data | -32005 | query returned more than 10000 results | {"from":"0x1000000","limit":10000,"to":"0x10000C8"} | SUGGESTED_RANGE | 16777216 | 16777416 | 0
          Alchemy, paid | -32602 | Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no limit on the response size, or you can request any block range with a cap of 10K logs in the response. Based on your parameters, this block range should work: [0x1000000, 0x10003e7] | | SUGGESTED_RANGE | 16777216 | 16778215 | 2000
          Alchemy, free tier | -32600 | Under the Free tier plan, you can make eth_getLogs requests with up to a 10 block range. Based on your parameters, this block range should work: [0x1000000, 0x1000009] | | SUGGESTED_RANGE | 16777216 | 16777225 | 10
          Reth | -32602 | query exceeds max results 20000, retry with the range 16777216-16777716 | | SUGGESTED_RANGE | 16777216 | 16777716 | 0
          QuickNode | -32614 | eth_getLogs is limited to a 10,000 range | | BLOCK_CAP | 0 | 0 | 10000
          QuickNode, smaller plan | -32614 | eth_getLogs and eth_newFilter are limited to a 5 range | | BLOCK_CAP | 0 | 0 | 5
          Cloudflare | -32047 | Max range: 800 | | BLOCK_CAP | 0 | 0 | 800
          Thirdweb | -32602 | Maximum allowed number of requested blocks is 1000 | | BLOCK_CAP | 0 | 0 | 1000
          Coinbase | -32000 | please limit the query to at most 1000 blocks | | BLOCK_CAP | 0 | 0 | 1000
          PublicNode | -32701 | Please specify an address in your request or, to remove restrictions, order a dedicated full node here: https://www.allnodes.com/bnb/host. maximum block range: 5000 | | BLOCK_CAP | 0 | 0 | 5000
          Avalanche | -32000 | requested too many blocks from 16777216 to 16787216, maximum is set to 2048 | | BLOCK_CAP | 0 | 0 | 2048
          BlockPI | -32000 | eth_getLogs is limited to 1024 block range | | BLOCK_CAP | 0 | 0 | 1024
          Hyperliquid | -32000 | query exceeds max block range 1000 | | BLOCK_CAP | 0 | 0 | 1000
          Merkle | -32000 | eth_getLogs range is too large, max is 10k blocks | | BLOCK_CAP | 0 | 0 | 10000
          Blast paid | -32000 | eth_getLogs range exceeds the range allowed for your plan (10001 > 5000). | | BLOCK_CAP | 0 | 0 | 5000
          Ankr | -32600 | block range is too wide | | TOO_LARGE | 0 | 0 | 0
          Chainstack | -32000 | Block range limit exceeded. | | TOO_LARGE | 0 | 0 | 0
          Base | -32000 | block range too large | | TOO_LARGE | 0 | 0 | 0
          Optimism | -32000 | Block range is too large | | TOO_LARGE | 0 | 0 | 0
          Geth, results | -32000 | query returned more than 10000 results | | TOO_LARGE | 0 | 0 | 0
          Arbitrum | -32000 | logs matched by query exceeds limit of 10000 | | TOO_LARGE | 0 | 0 | 0
          1RPC | -32000 | response size should not greater than 10000000 bytes | | TOO_LARGE | 0 | 0 | 0
          Infura, rate | -32005 | daily request count exceeded, request rate limited | | RATE_LIMITED | 0 | 0 | 0
          Alchemy, rate | 429 | Your app has exceeded its compute units per second capacity. | | RATE_LIMITED | 0 | 0 | 0
          Generic, too many requests | -32016 | Too Many Requests | | RATE_LIMITED | 0 | 0 | 0
          Not about range | -32602 | invalid argument 0: hex string without 0x prefix | | OTHER | 0 | 0 | 0
          """)
  void readsWhatTheProviderSays(
      String provider,
      long code,
      String message,
      String data,
      Kind kind,
      long suggestedFrom,
      long suggestedTo,
      long cap) {
    RangeAdvice advice = RangeErrors.advise(new RpcError(code, message, data, "ep:443"), FROM, TO);
    assertEquals(kind, advice.kind(), provider);
    assertEquals(suggestedFrom, advice.suggestedFrom(), provider + ": suggested from");
    assertEquals(suggestedTo, advice.suggestedTo(), provider + ": suggested to");
    assertEquals(cap, advice.blockCap(), provider + ": cap");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          the whole range again | Try with this block range [0x1000000, 0x1002710].
          a range outside what was asked | Try with this block range [0xFFFFFF, 0x1000064].
          a range that ends before it starts | Try with this block range [0x1000064, 0x1000000].
          """)
  void aSuggestionThatIsNotASmallerPartOfTheAskIsReadAsTooLarge(String what, String message) {
    RangeAdvice advice =
        RangeErrors.advise(
            new RpcError(-32005, "query returned more than 10000 results. " + message, null, "e"),
            FROM,
            TO);
    assertEquals(Kind.TOO_LARGE, advice.kind(), what);
  }
}
