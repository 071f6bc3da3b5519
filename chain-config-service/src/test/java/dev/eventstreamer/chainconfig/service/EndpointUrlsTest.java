package dev.eventstreamer.chainconfig.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointUrlsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "http://127.0.0.1:8545|http://127.0.0.1:8545",
        "https://rpc.example.org/eth|https://rpc.example.org/eth",
        "https://user:pass@rpc.example.org/|https://***@rpc.example.org/",
        "https://mainnet.infura.io/v3/9aa3d95b3bc440fa88ea12eaa4456161|https://mainnet.infura.io/v3/***",
        "https://eth-mainnet.g.alchemy.com/v2/short|https://eth-mainnet.g.alchemy.com/v2/***",
        "https://x.quiknode.pro/0a1b2c3d4e5f6a7b8c9d/|https://x.quiknode.pro/***/",
        "https://rpc.example.org/ethereum-mainnet-archive|https://rpc.example.org/ethereum-mainnet-archive",
        "https://rpc.example.org/?apikey=abc&chain=1|https://rpc.example.org/?apikey=***&chain=***",
        "https://rpc.example.org/rpc?SECRETTOKEN|https://rpc.example.org/rpc?***",
        "wss://ws.example.org/ws#frag|wss://ws.example.org/ws#***",
        "not a url at all|***",
      })
  void masksCredentials(String url, String masked) {
    assertEquals(masked, EndpointUrls.mask(url));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "http://127.0.0.1:8545|127.0.0.1:8545",
        "https://user:pass@RPC.example.org/v3/key|rpc.example.org:443",
        "http://rpc.example.org/x|rpc.example.org:80",
        "wss://ws.example.org|ws.example.org:443",
        "ws://[::1]:8546|[::1]:8546",
      })
  void reducesToHostAndPort(String url, String endpoint) {
    assertEquals(endpoint, EndpointUrls.endpoint(url));
  }

  @org.junit.jupiter.api.Test
  void refusesAUrlWithoutAHostWithoutQuotingIt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EndpointUrls.endpoint("secret-value"));
    assertEquals(false, e.getMessage().contains("secret-value"));
  }
}
