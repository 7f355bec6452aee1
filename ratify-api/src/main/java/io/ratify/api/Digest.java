package io.ratify.api;

import com.google.errorprone.annotations.Immutable;
import io.ratify.api.internal.parse.Printable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * A content digest {@code <algorithm>:<hex>} as defined by the OCI image specification. Only the
 * algorithms this library can check are accepted ({@code sha256}, {@code sha384}, {@code sha512}),
 * with lower-case hex of exactly the algorithm's length: a digest that cannot be checked is
 * rejected, never passed through.
 */
@Immutable
public record Digest(String algorithm, String hex) {
  private static final Map<String, Integer> HEX_LENGTHS =
      Map.of("sha256", 64, "sha384", 96, "sha512", 128);
  private static final Map<String, String> JCA_NAMES =
      Map.of("sha256", "SHA-256", "sha384", "SHA-384", "sha512", "SHA-512");
  private static final int MAX_LENGTH = 7 + 128;

  /**
   * Validates both parts; throws {@link IllegalArgumentException} for an unusable digest.
   *
   * @param algorithm the algorithm
   * @param hex the hex
   */
  public Digest {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(hex, "hex");
    Integer len = HEX_LENGTHS.get(algorithm);
    if (len == null) {
      throw new IllegalArgumentException(
          "unsupported digest algorithm '" + Printable.of(algorithm) + "'");
    }
    if (hex.length() != len || !isLowerHex(hex)) {
      throw new IllegalArgumentException(
          "digest " + algorithm + " needs " + len + " lower-case hex characters");
    }
  }

  /**
   * Parses {@code algorithm:hex}.
   *
   * @throws RatifyException with {@link ErrorCode#DIGEST_INVALID} when the text is not a supported
   *     digest
   * @param text the text
   * @return the digest
   */
  public static Digest parse(String text) throws RatifyException {
    if (text == null || text.isEmpty()) {
      throw new RatifyException(
          ErrorCode.DIGEST_INVALID,
          "digest is empty",
          "give a digest such as sha256:<64 hex>",
          null);
    }
    if (text.length() > MAX_LENGTH) {
      throw new RatifyException(
          ErrorCode.DIGEST_INVALID, "digest is longer than " + MAX_LENGTH + " characters");
    }
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new RatifyException(
          ErrorCode.DIGEST_INVALID,
          "digest '" + Printable.of(text) + "' has no algorithm prefix",
          "give a digest such as sha256:<64 hex>",
          null);
    }
    try {
      return new Digest(text.substring(0, colon), text.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw new RatifyException(
          ErrorCode.DIGEST_INVALID,
          "digest '" + Printable.of(text) + "' is invalid: " + e.getMessage());
    }
  }

  /**
   * Computes the digest of {@code content} with {@code algorithm} ({@code sha256}, {@code sha384}
   * or {@code sha512}).
   *
   * @param algorithm the algorithm
   * @param content the content
   * @return the digest of {@code content}
   */
  public static Digest of(String algorithm, byte[] content) {
    String jca = JCA_NAMES.get(algorithm);
    if (jca == null) {
      throw new IllegalArgumentException(
          "unsupported digest algorithm '" + Printable.of(algorithm) + "'");
    }
    return new Digest(algorithm, HexFormat.of().formatHex(newDigest(jca).digest(content)));
  }

  /**
   * The SHA-256 digest of {@code content}.
   *
   * @param content the content
   * @return the SHA-256 digest of {@code content}
   */
  public static Digest sha256(byte[] content) {
    return of("sha256", content);
  }

  /**
   * Whether {@code content} hashes to this digest (constant-time comparison).
   *
   * @param content the content
   * @return whether {@code content} hashes to this digest (constant-time comparison)
   */
  public boolean matches(byte[] content) {
    byte[] actual = newDigest(JCA_NAMES.get(algorithm)).digest(content);
    return MessageDigest.isEqual(actual, HexFormat.of().parseHex(hex));
  }

  /**
   * A fresh {@link MessageDigest} for this digest's algorithm, for streaming checks.
   *
   * @return a fresh {@link MessageDigest} for this digest's algorithm, for streaming checks
   */
  public MessageDigest newMessageDigest() {
    return newDigest(JCA_NAMES.get(algorithm));
  }

  /**
   * The referrers tag-schema tag of this digest: {@code <alg>-<hex>}.
   *
   * @return the referrers tag-schema tag of this digest: {@code <alg>-<hex>}
   */
  public String tagSchemaTag() {
    return algorithm + "-" + hex;
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }

  private static MessageDigest newDigest(String jca) {
    try {
      return MessageDigest.getInstance(jca);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + jca, e);
    }
  }

  private static boolean isLowerHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
