package dev.eventstreamer.chainconfig.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** URLs as they may be shown. */
class EndpointUrlsTest {

  @Test
  void masksCredentials() {
    assertEquals(
        "https://***@rpc.example:8443/v3/***?***",
        EndpointUrls.mask("https://user:pw@rpc.example:8443/v3/0123456789abcdef0123456789?key=x"));
    assertEquals("http://127.0.0.1:8545", EndpointUrls.mask("http://127.0.0.1:8545"));
  }

  @Test
  void namesHostAndPort() {
    assertEquals("rpc.example:443", EndpointUrls.endpoint("https://rpc.example/v3/key"));
    assertEquals("rpc.example:80", EndpointUrls.endpoint("http://u:p@rpc.example?x=1"));
    assertEquals("127.0.0.1:8545", EndpointUrls.endpoint("http://127.0.0.1:8545"));
    assertEquals("[::1]:8545", EndpointUrls.endpoint("http://[::1]:8545/"));
    assertEquals("http://[::1]:8545/", EndpointUrls.mask("http://[::1]:8545/"));
  }
}
