package dev.eventstreamer.common.resume;

import static dev.eventstreamer.common.resume.ResumeTokenException.Kind.BAD_BASE64;
import static dev.eventstreamer.common.resume.ResumeTokenException.Kind.BAD_PREFIX;
import static dev.eventstreamer.common.resume.ResumeTokenException.Kind.FOREIGN_SUBSCRIPTION;
import static dev.eventstreamer.common.resume.ResumeTokenException.Kind.FORGED;
import static dev.eventstreamer.common.resume.ResumeTokenException.Kind.TOO_LONG;
import static dev.eventstreamer.common.resume.ResumeTokenException.Kind.TRUNCATED;
import static dev.eventstreamer.common.resume.ResumeTokenException.Kind.UNKNOWN_KEY;

import dev.eventstreamer.common.resume.impl.Base64Url;
import dev.eventstreamer.common.resume.impl.PositionJson;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and verifies resume tokens: {@code rt_} + base64url(JSON position) + {@code .} +
 * base64url(HMAC-SHA256 of everything before the dot), unpadded, so tokens go into a query string
 * as they are. Thread-safe.
 */
public final class ResumeTokens {

  /** Every token starts with this. */
  public static final String PREFIX = "rt_";

  /** Longest input looked at; real tokens stay under 400 characters. */
  public static final int MAX_TOKEN_LENGTH = 512;

  private static final String ALGORITHM = "HmacSHA256";
  private static final int MAC_BYTES = 32;
  private static final int MAC_CHARS = Base64Url.encodedLength(MAC_BYTES);

  private final Key active;
  private final Map<String, Key> keys;

  /** Tokens signed with the ring's active key, verified with any key of the ring. */
  public ResumeTokens(ResumeKeyRing ring) {
    Map<String, Key> byId = new HashMap<>();
    ring.secrets().forEach((id, secret) -> byId.put(id, new Key(id, secret)));
    this.keys = Map.copyOf(byId);
    this.active = keys.get(ring.activeKeyId());
  }

  /** The token of a position, signed with the active key. */
  public String issue(ResumePosition position) {
    byte[] json = new byte[PositionJson.MAX_LENGTH];
    int jsonLength = PositionJson.write(active.idAscii, position, json);
    int bodyLength = PREFIX.length() + Base64Url.encodedLength(jsonLength);
    byte[] token = new byte[bodyLength + 1 + MAC_CHARS];
    token[0] = 'r';
    token[1] = 't';
    token[2] = '_';
    Base64Url.encode(json, 0, jsonLength, token, PREFIX.length());
    byte[] mac = active.mac(token, bodyLength);
    token[bodyLength] = '.';
    Base64Url.encode(mac, 0, MAC_BYTES, token, bodyLength + 1);
    return new String(token, StandardCharsets.ISO_8859_1);
  }

  /**
   * The position of a token issued by us (with any key of the ring) for this subscription.
   *
   * @throws ResumeTokenException with a kind saying why it is rejected; answer clients {@link
   *     ResumeTokenException#ERROR_CODE} whatever the kind
   */
  public ResumePosition verify(String token, long expectedSubscriptionId)
      throws ResumeTokenException {
    if (token == null) {
      throw new ResumeTokenException(BAD_PREFIX, "no token");
    }
    int length = token.length();
    if (length > MAX_TOKEN_LENGTH) {
      throw new ResumeTokenException(
          TOO_LONG, "token has " + length + " characters, more than " + MAX_TOKEN_LENGTH);
    }
    if (!token.startsWith(PREFIX)) {
      throw new ResumeTokenException(BAD_PREFIX, "token does not start with " + PREFIX);
    }
    // Latin-1 copy of a compact string is a plain array copy; any wider character turns into '?',
    // which is outside base64url and rejected below.
    byte[] chars = token.getBytes(StandardCharsets.ISO_8859_1);
    int dot = -1;
    for (int i = PREFIX.length(); i < length; i++) {
      int c = chars[i] & 0xFF;
      if (c == '.' && dot < 0) {
        dot = i;
      } else if (!Base64Url.isAlphabet(c)) {
        throw new ResumeTokenException(
            BAD_BASE64, "token has a character outside base64url at " + i);
      }
    }
    // A token cut anywhere loses its dot or the end of its signature.
    if (dot < 0) {
      throw new ResumeTokenException(TRUNCATED, "token has no signature");
    }
    int macChars = length - dot - 1;
    if (macChars < MAC_CHARS) {
      throw new ResumeTokenException(TRUNCATED, "token's signature is cut short");
    }
    if (macChars > MAC_CHARS) {
      throw new ResumeTokenException(FORGED, "token's signature is not an HMAC-SHA256");
    }
    int bodyChars = dot - PREFIX.length();
    int jsonLength = Base64Url.decodedLength(bodyChars);
    if (jsonLength < 0 || !Base64Url.isCanonical(chars, PREFIX.length(), bodyChars)) {
      throw new ResumeTokenException(BAD_BASE64, "token's position is not canonical base64url");
    }
    if (!Base64Url.isCanonical(chars, dot + 1, MAC_CHARS)) {
      // Only an altered token has stray bits there.
      throw new ResumeTokenException(FORGED, "token's signature is not canonical base64url");
    }
    byte[] json = new byte[jsonLength];
    Base64Url.decode(chars, PREFIX.length(), bodyChars, json);
    PositionJson.Parsed parsed = PositionJson.parse(json, jsonLength);

    Key key = keys.get(parsed.keyId());
    if (key == null) {
      throw new ResumeTokenException(
          UNKNOWN_KEY, "token is signed with unknown key \"" + parsed.keyId() + "\"");
    }
    byte[] expected = key.mac(chars, dot);
    byte[] actual = new byte[MAC_BYTES];
    Base64Url.decode(chars, dot + 1, MAC_CHARS, actual);
    // Constant time: how much of a guess matched must not show in the timing.
    if (!MessageDigest.isEqual(expected, actual)) {
      throw new ResumeTokenException(FORGED, "token's signature does not match");
    }
    ResumePosition position = parsed.position();
    if (position.subscriptionId() != expectedSubscriptionId) {
      throw new ResumeTokenException(
          FOREIGN_SUBSCRIPTION,
          "token belongs to subscription "
              + position.subscriptionId()
              + ", not "
              + expectedSubscriptionId);
    }
    return position;
  }

  /** A key and one initialised Mac per thread: Mac.getInstance and init are the costly part. */
  private static final class Key {
    final byte[] idAscii;
    final ThreadLocal<Mac> macs;

    Key(String id, byte[] secret) {
      this.idAscii = id.getBytes(StandardCharsets.US_ASCII);
      SecretKeySpec spec = new SecretKeySpec(secret, ALGORITHM);
      this.macs = ThreadLocal.withInitial(() -> newMac(spec));
      // Fail at startup, not on the first token, if the JDK lacks HMAC-SHA256.
      macs.get();
    }

    byte[] mac(byte[] data, int length) {
      Mac mac = macs.get();
      mac.update(data, 0, length);
      return mac.doFinal();
    }

    private static Mac newMac(SecretKeySpec spec) {
      try {
        Mac mac = Mac.getInstance(ALGORITHM);
        mac.init(spec);
        return mac;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(ALGORITHM + " is not available", e);
      }
    }
  }
}
