package dev.eventstreamer.stream.client;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads providers' refusals of a wide {@code eth_getLogs}: a range they suggest (Infura, Alchemy,
 * Reth), a block cap they state (QuickNode, Cloudflare, Thirdweb, Coinbase, PublicNode, Avalanche,
 * BlockPI, Blast, Hyperliquid, ...), a "too large" without a size (Ankr, Chainstack, Base,
 * Optimism, result and response-size limits), or a rate limit. The error's message and data are
 * read together, since providers put the numbers in either.
 */
public final class RangeErrors {

  private static final String HEX = "(0x[0-9a-fA-F]+)";
  private static final String NUMBER = "(\\d[\\d,.]*)";

  // Ranges the node says will work, as (from, to).
  private static final List<Pattern> SUGGESTED_HEX =
      List.of(
          // Infura: "query returned more than 10000 results. Try with this block range [0x..,
          // 0x..]."
          Pattern.compile("try with this block range \\[" + HEX + ",\\s*" + HEX + "\\]"),
          // Alchemy: "... this block range should work: [0x.., 0x..]"
          Pattern.compile("this block range should work: \\[" + HEX + ",\\s*" + HEX + "\\]"),
          // Infura's error data: {"from":"0x..","limit":10000,"to":"0x.."}
          Pattern.compile("\"from\"\\s*:\\s*\"" + HEX + "\"[^}]*\"to\"\\s*:\\s*\"" + HEX + "\""));

  // Reth: "query exceeds max results 20000, retry with the range 18000000-18000233"
  private static final Pattern SUGGESTED_DECIMAL =
      Pattern.compile("retry with the range (\\d+)\\s*-\\s*(\\d+)");

  // Stated caps: the first group is the number of blocks, with an optional "k" after it.
  private static final List<Pattern> CAPS =
      List.of(
          // Alchemy free tier, Aurora: "up to a 10 block range", "up to a 2K block range"
          Pattern.compile("up to a " + NUMBER + "(k?) block range"),
          // QuickNode, 1RPC, Blast: "eth_getLogs is limited to a 10,000 range"
          Pattern.compile("limited to a " + NUMBER + "(k?)"),
          // BlockPI: "limited to 1000 block"
          Pattern.compile("limited to " + NUMBER + "(k?) block"),
          // Cloudflare: "Max range: 800"
          Pattern.compile("max range: " + NUMBER + "(k?)"),
          // Thirdweb: "Maximum allowed number of requested blocks is 1000"
          Pattern.compile("maximum allowed number of requested blocks is " + NUMBER + "(k?)"),
          // Coinbase: "please limit the query to at most 1000 blocks"
          Pattern.compile("limit the query to at most " + NUMBER + "(k?) blocks"),
          // PublicNode: "maximum block range: 50000"
          Pattern.compile("maximum block range: " + NUMBER + "(k?)"),
          // Avalanche: "requested too many blocks from 1 to 5000, maximum is set to 2048"
          Pattern.compile("maximum is set to " + NUMBER + "(k?)"),
          // Reth, Hyperliquid: "query exceeds max block range 100000"
          Pattern.compile("exceeds max block range " + NUMBER + "(k?)"),
          // Swell: "block range greater than 1000 max"
          Pattern.compile("block range greater than " + NUMBER + "(k?) max"),
          // Somnia: "block range exceeds 1000"
          Pattern.compile("block range exceeds " + NUMBER + "(k?)"),
          // Merkle: "eth_getLogs range is too large, max is 10k blocks"
          Pattern.compile("max is " + NUMBER + "(k?) blocks"),
          // Harmony: "query must be smaller than size 1024"
          Pattern.compile("query must be smaller than size " + NUMBER + "(k?)"),
          // Moonriver: "block range is too wide (maximum 1024)"
          Pattern.compile("block range is too wide \\(maximum " + NUMBER + "(k?)\\)"),
          // Ankr (some chains): "maximum [from, to] blocks distance: 1000"
          Pattern.compile("blocks distance: " + NUMBER + "(k?)"),
          // Blast (paid): "exceeds the range allowed for your plan (50000 > 10000)"
          Pattern.compile("range allowed for your plan \\(\\d+ > " + NUMBER + "(k?)\\)"));

  // Too wide or too many results, without a size.
  private static final List<String> TOO_LARGE =
      List.of(
          "block range is too wide", // Ankr
          "block range limit exceeded", // Chainstack
          "block range too large", // Base
          "block range is too large", // Optimism
          "range is too large",
          "range too large",
          "range too wide",
          "backend response too large", // Optimism
          "query returned more than", // Geth, zkEVM, Infura without a range
          "logs matched by query exceeds limit", // Arbitrum, Geth
          "query exceeds max results", // Reth, LlamaRPC without a range
          "response size should not greater than", // 1RPC
          "log response size exceeded", // Alchemy without a range
          "response size exceeded",
          "response is too big",
          "result window is too large",
          "too many blocks",
          "exceed maximum block range");

  private static final List<String> RATE_LIMIT =
      List.of(
          "rate limit",
          "rate-limit",
          "ratelimit",
          "too many requests",
          "request limit",
          "requests limit",
          "exceeded the quota",
          "quota exceeded",
          "capacity exceeded",
          "compute units",
          "throughput",
          "daily request count exceeded",
          "credits");

  private RangeErrors() {}

  /** What {@code error}, the answer to an eth_getLogs over {@code from..to}, says. */
  public static RangeAdvice advise(RpcError error, long from, long to) {
    String text =
        (error.message() + " " + (error.data() == null ? "" : error.data()))
            .toLowerCase(Locale.ROOT);
    RangeAdvice suggested = suggested(text, from, to);
    if (suggested != null) {
      return suggested;
    }
    long cap = cap(text);
    if (cap > 0) {
      return RangeAdvice.cap(cap);
    }
    for (String phrase : TOO_LARGE) {
      if (text.contains(phrase)) {
        return RangeAdvice.TOO_LARGE;
      }
    }
    if (error.code() == 429 || error.code() == -32029 || error.code() == -32090) {
      return RangeAdvice.RATE_LIMITED;
    }
    for (String phrase : RATE_LIMIT) {
      if (text.contains(phrase)) {
        return RangeAdvice.RATE_LIMITED;
      }
    }
    return RangeAdvice.OTHER;
  }

  private static RangeAdvice suggested(String text, long from, long to) {
    for (Pattern p : SUGGESTED_HEX) {
      RangeAdvice advice = suggestion(p.matcher(text), text, from, to, RangeErrors::hex);
      if (advice != null) {
        return advice;
      }
    }
    return suggestion(SUGGESTED_DECIMAL.matcher(text), text, from, to, Long::parseLong);
  }

  private static RangeAdvice suggestion(
      Matcher m, String text, long from, long to, Function<String, Long> number) {
    if (!m.find()) {
      return null;
    }
    long a;
    long b;
    try {
      a = number.apply(m.group(1));
      b = number.apply(m.group(2));
    } catch (NumberFormatException e) {
      return null;
    }
    // Only a proper part of what was asked is news; anything else is read as "too large".
    if (b < a || a < from || b > to || (a == from && b == to)) {
      return null;
    }
    return RangeAdvice.suggested(a, b, cap(text));
  }

  private static long cap(String text) {
    for (Pattern p : CAPS) {
      Matcher m = p.matcher(text);
      if (m.find()) {
        long n = number(m.group(1));
        if (m.groupCount() >= 2 && "k".equals(m.group(2))) {
          n *= 1000;
        }
        if (n > 0) {
          return n;
        }
      }
    }
    return 0;
  }

  private static long number(String digits) {
    try {
      return Long.parseLong(digits.replace(",", "").replace(".", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static long hex(String text) {
    return Long.parseLong(text.substring(2), 16);
  }
}
