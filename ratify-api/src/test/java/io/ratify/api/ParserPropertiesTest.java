package io.ratify.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any input either parses to a value that round-trips, or fails with the parser's own code; nothing
 * else escapes.
 */
class ParserPropertiesTest {
  private static final String ALPHABET = "abcAB09._-:/@[]%: \t\n\u00e9";

  @Provide
  Arbitrary<String> referenceLike() {
    Arbitrary<String> host =
        Arbitraries.of(
            "", "docker.io/", "localhost:5000/", "registry.test/", "REG.io/", "[::1]:80/", "a:b/");
    Arbitrary<String> repo = Arbitraries.strings().withChars("abc09._-/").ofMaxLength(20);
    Arbitrary<String> tag = Arbitraries.of("", ":v1", ":", ":-x", ":latest", ":a.b_c-d");
    Arbitrary<String> digest =
        Arbitraries.of(
            "", "@sha256:" + "a".repeat(64), "@sha256:abc", "@", "@sha512:" + "0".repeat(128));
    return Combinators.combine(host, repo, tag, digest).as((h, r, t, d) -> h + r + t + d);
  }

  @Property(tries = 2000)
  void referencesRoundTripOrFailTyped(@ForAll("referenceLike") String text) {
    check(text);
  }

  @Property(tries = 2000)
  void arbitraryTextNeverBreaksTheReferenceParser(@ForAll("noise") String text) {
    check(text);
  }

  @Provide
  Arbitrary<String> noise() {
    return Arbitraries.strings().withChars(ALPHABET).ofMaxLength(60);
  }

  private static void check(String text) {
    try {
      Reference r = Reference.parse(text);
      Reference again = Reference.parse(r.toString());
      assertEquals(r, again);
      assertEquals(r.toString(), again.toString());
    } catch (RatifyException e) {
      assertEquals(ErrorCode.REFERENCE_INVALID, e.code());
    }
  }

  @Provide
  Arbitrary<String> digestLike() {
    Arbitrary<String> alg =
        Arbitraries.of("sha256", "sha384", "sha512", "SHA256", "md5", "", "sha256 ");
    Arbitrary<String> hex =
        Arbitraries.strings().withChars("0123456789abcdefABCDEFg:").ofMinLength(0).ofMaxLength(130);
    Arbitrary<String> exactHex =
        Arbitraries.of(64, 96, 128)
            .flatMap(n -> Arbitraries.strings().withChars("0123456789abcdef").ofLength(n));
    return Combinators.combine(alg, Arbitraries.oneOf(hex, exactHex), Arbitraries.of(":", "", "::"))
        .as((a, h, sep) -> a + sep + h);
  }

  @Property(tries = 2000)
  void digestsRoundTripOrFailTyped(@ForAll("digestLike") String text) {
    try {
      Digest d = Digest.parse(text);
      assertEquals(d, Digest.parse(d.toString()));
      assertEquals(text, d.toString(), "a parsed digest is its own canonical text");
    } catch (RatifyException e) {
      assertEquals(ErrorCode.DIGEST_INVALID, e.code());
    }
  }

  @Property(tries = 500)
  void mutatedDigestsNeverMatchTheContent(@ForAll byte[] content, @ForAll("positions") int pos)
      throws Exception {
    Digest d = Digest.sha256(content);
    String text = d.toString();
    int p = 7 + pos % 64;
    char c = text.charAt(p) == '0' ? '1' : '0';
    Digest mutated = Digest.parse(text.substring(0, p) + c + text.substring(p + 1));
    assertTrue(!mutated.matches(content));
  }

  @Provide
  Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, 63);
  }
}
