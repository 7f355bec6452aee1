package io.ratify.notation.internal.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratify.api.MediaTypes;
import io.ratify.notation.internal.Check;
import io.ratify.notation.internal.VerificationFailure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Parser properties: random bytes only ever give a typed integrity failure; any single byte changed
 * in the signed parts or the certificates of a valid envelope never verifies; a change anywhere
 * else either fails typed or leaves everything that was verified unchanged.
 */
class EnvelopePropertiesTest {
  private static final byte[] JWS = EnvelopeFixtures.JWS;
  private static final byte[] COSE = EnvelopeFixtures.COSE;

  /** Byte ranges of the signed parts and certificates: [start, end) pairs. */
  private static final List<int[]> JWS_GUARDED = jwsGuarded();

  private static final List<int[]> COSE_GUARDED = coseGuarded();

  @Property(tries = 400)
  void randomBytesGiveOnlyTypedFailures(@ForAll @Size(max = 3000) byte[] bytes) {
    typedFailure(MediaTypes.JWS_ENVELOPE, bytes);
    typedFailure(MediaTypes.COSE_ENVELOPE, bytes);
  }

  @Property(tries = 300)
  void randomCborTaggedAsSign1GivesOnlyTypedFailures(@ForAll @Size(max = 600) byte[] tail) {
    byte[] b = new byte[tail.length + 2];
    b[0] = (byte) 0xd2;
    b[1] = (byte) 0x84;
    System.arraycopy(tail, 0, b, 2, tail.length);
    typedFailure(MediaTypes.COSE_ENVELOPE, b);
  }

  @Property(tries = 400)
  void changedSignedBytesOrCertificatesNeverVerifyJws(@ForAll("jwsGuardedMutation") int[] m) {
    byte[] mutated = mutate(JWS, m[0], m[1]);
    typedFailure(MediaTypes.JWS_ENVELOPE, mutated);
  }

  @Property(tries = 400)
  void changedSignedBytesOrCertificatesNeverVerifyCose(@ForAll("coseGuardedMutation") int[] m) {
    byte[] mutated = mutate(COSE, m[0], m[1]);
    typedFailure(MediaTypes.COSE_ENVELOPE, mutated);
  }

  @Property(tries = 400)
  void anyChangedByteFailsTypedOrKeepsVerifiedContent(
      @ForAll("anyMutation") int[] m, @ForAll boolean cose) {
    byte[] original = cose ? COSE : JWS;
    String type = cose ? MediaTypes.COSE_ENVELOPE : MediaTypes.JWS_ENVELOPE;
    byte[] mutated = mutate(original, m[0] % original.length, m[1]);
    SignedEnvelope v;
    try {
      v = Envelopes.parseAndVerify(type, mutated);
    } catch (VerificationFailure f) {
      assertEquals(Check.INTEGRITY, f.check());
      assertFalse(f.getCause() instanceof RuntimeException, () -> "parser bug: " + f.getCause());
      return;
    }
    SignedEnvelope ref = verify(type, original);
    assertArrayEquals(ref.payload(), v.payload());
    assertArrayEquals(ref.signature(), v.signature());
    assertEquals(ref.certificateChain(), v.certificateChain());
    assertEquals(ref.signingTime(), v.signingTime());
  }

  @Provide
  Arbitrary<int[]> jwsGuardedMutation() {
    return guarded(JWS, JWS_GUARDED);
  }

  @Provide
  Arbitrary<int[]> coseGuardedMutation() {
    return guarded(COSE, COSE_GUARDED);
  }

  @Provide
  Arbitrary<int[]> anyMutation() {
    return Combinators.combine(
            Arbitraries.integers().between(0, Integer.MAX_VALUE - 1),
            Arbitraries.integers().between(1, 255))
        .as((i, d) -> new int[] {i, d});
  }

  @SuppressWarnings("UnusedVariable") // the envelope names what the ranges belong to
  private static Arbitrary<int[]> guarded(byte[] env, List<int[]> ranges) {
    return Combinators.combine(
            Arbitraries.integers().between(0, ranges.size() - 1),
            Arbitraries.integers().between(0, Integer.MAX_VALUE - 1),
            Arbitraries.integers().between(1, 255))
        .as(
            (r, off, delta) -> {
              int[] range = ranges.get(r);
              return new int[] {range[0] + off % (range[1] - range[0]), delta};
            });
  }

  /** Adds {@code delta} (1..255) to byte {@code index}, so the byte always changes. */
  private static byte[] mutate(byte[] original, int index, int delta) {
    byte[] b = original.clone();
    b[index] = (byte) (b[index] + delta);
    return b;
  }

  private static void typedFailure(String type, byte[] bytes) {
    VerificationFailure f =
        assertThrows(VerificationFailure.class, () -> Envelopes.parseAndVerify(type, bytes));
    assertEquals(Check.INTEGRITY, f.check());
    assertFalse(f.getCause() instanceof RuntimeException, () -> "parser bug: " + f.getCause());
  }

  private static SignedEnvelope verify(String type, byte[] env) {
    try {
      return Envelopes.parseAndVerify(type, env);
    } catch (VerificationFailure f) {
      throw new AssertionError(f);
    }
  }

  private static List<int[]> jwsGuarded() {
    try {
      JsonNode n = new ObjectMapper().readTree(JWS);
      List<String> parts =
          new ArrayList<>(
              List.of(
                  n.get("protected").textValue(),
                  n.get("payload").textValue(),
                  n.get("signature").textValue()));
      n.get("header").get("x5c").forEach(c -> parts.add(c.textValue()));
      String s = new String(JWS, StandardCharsets.US_ASCII);
      List<int[]> out = new ArrayList<>();
      for (String p : parts) {
        int i = s.indexOf("\"" + p + "\"") + 1;
        out.add(new int[] {i, i + p.length()});
      }
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<int[]> coseGuarded() {
    SignedEnvelope v = verify(MediaTypes.COSE_ENVELOPE, COSE);
    List<byte[]> parts = new ArrayList<>(List.of(v.payload(), v.signature()));
    try {
      for (var c : v.certificateChain()) {
        parts.add(c.getEncoded());
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    List<int[]> out = new ArrayList<>();
    // protected header bstr content: after D2 84 and the bstr head at index 2
    int head = COSE[2] & 0xff;
    int start = head == 0x58 ? 4 : head == 0x59 ? 5 : 3;
    int len =
        head == 0x58
            ? COSE[3] & 0xff
            : head == 0x59 ? ((COSE[3] & 0xff) << 8) | (COSE[4] & 0xff) : head - 0x40;
    out.add(new int[] {start, start + len});
    for (byte[] p : parts) {
      int i = indexOf(COSE, p);
      out.add(new int[] {i, i + p.length});
    }
    return out;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalStateException("part not found " + Arrays.toString(Arrays.copyOf(needle, 4)));
  }
}
