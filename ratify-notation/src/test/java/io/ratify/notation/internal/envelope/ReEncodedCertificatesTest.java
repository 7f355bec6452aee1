package io.ratify.notation.internal.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ratify.api.MediaTypes;
import io.ratify.api.testing.DerMutations;
import io.ratify.api.testing.DerMutations.LengthForm;
import io.ratify.notation.internal.Check;
import io.ratify.notation.internal.VerificationFailure;
import io.ratify.notation.internal.x509.ValidatedChains;
import io.ratify.notation.signer.EnvelopeFormat;
import io.ratify.notation.signer.NotationSigner;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Issue 8: a signing certificate re-encoded in a non-DER way (a long-form or zero-padded length, an
 * indefinite length, a non-zero unused-bits octet in the signature BIT STRING) changes the
 * envelope's bytes, digest and chain thumbprint without changing what is signed. notation-go's
 * parser refuses such envelopes; so must this one, for every element of the certificate.
 */
class ReEncodedCertificatesTest {
  private static final String MOCK = "notation-go/internal/mock/testdata/";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyReEncodingOfARealEnvelopesSigningCertificateFailsIntegrity() throws Exception {
    byte[] envelope = TestVectors.read(MOCK + "ca_valid_sig_env.json");
    // the envelope as notation made it verifies
    Envelopes.parseAndVerify(MediaTypes.JWS_ENVELOPE, envelope);
    ObjectNode root = (ObjectNode) JSON.readTree(envelope);
    byte[] leaf = Base64.getDecoder().decode(root.get("header").get("x5c").get(0).asText());
    int elements = DerMutations.elementCount(leaf);
    int checked = 0;
    for (int i = 0; i < elements; i++) {
      for (LengthForm form : LengthForm.values()) {
        if (form == LengthForm.INDEFINITE && !DerMutations.isConstructed(leaf, i)) {
          continue;
        }
        assertIntegrityFailure(
            withLeaf(root, DerMutations.withLength(leaf, i, form)), "element " + i + " " + form);
        checked++;
      }
    }
    for (int unused = 1; unused <= 7; unused++) {
      assertIntegrityFailure(
          withLeaf(
              root,
              DerMutations.withUnusedBits(leaf, DerMutations.signatureBitString(leaf), unused)),
          "unused bits " + unused);
      checked++;
    }
    assertTrue(checked > 100, "only " + checked + " re-encodings");
  }

  @Test
  void theSignatureBitStringCasesOfTheIssueNameTheEncoding() throws Exception {
    byte[] envelope = TestVectors.read(MOCK + "ca_valid_sig_env.json");
    ObjectNode root = (ObjectNode) JSON.readTree(envelope);
    byte[] leaf = Base64.getDecoder().decode(root.get("header").get("x5c").get(0).asText());
    byte[] longForm =
        DerMutations.withLength(leaf, DerMutations.elementCount(leaf) - 1, LengthForm.LONGER);
    // the JDK alone accepts this encoding and gives it back unchanged: only the strict check stops
    // it
    assertTrue(Arrays.equals(longForm, jdk(longForm).getEncoded()));
    VerificationFailure f = assertIntegrityFailure(withLeaf(root, longForm), "long form");
    assertTrue(f.reason().contains("certificate 0 of the chain: not DER"), f.reason());
    byte[] unusedBits = DerMutations.withUnusedBits(leaf, DerMutations.signatureBitString(leaf), 1);
    f = assertIntegrityFailure(withLeaf(root, unusedBits), "unused bits");
    assertTrue(f.reason().contains("not DER: BIT STRING"), f.reason());
  }

  /**
   * Envelopes this project's signer makes around a re-encoded certificate (as the JDK hands it
   * back), in both formats, never verify.
   */
  @Property(tries = 60)
  void signedEnvelopesCarryingAReEncodedCertificateNeverVerify(
      @ForAll @IntRange(min = 0, max = 10_000) int pick,
      @ForAll LengthForm form,
      @ForAll boolean cose)
      throws Exception {
    byte[] leaf = EnvelopeFixtures.LEAF.certificate().getEncoded();
    int index = pick % DerMutations.elementCount(leaf);
    Assume.that(form != LengthForm.INDEFINITE || DerMutations.isConstructed(leaf, index));
    byte[] reEncoded = DerMutations.withLength(leaf, index, form);
    X509Certificate carried;
    try {
      carried = jdk(reEncoded);
    } catch (Exception e) {
      Assume.that(false);
      return;
    }
    // only re-encodings that survive the JDK's parse unchanged reach an envelope
    Assume.that(Arrays.equals(reEncoded, carried.getEncoded()));
    List<X509Certificate> chain = new ArrayList<>(EnvelopeFixtures.LEAF.chain());
    chain.set(0, carried);
    byte[] envelope =
        NotationSigner.builder()
            .privateKey(EnvelopeFixtures.LEAF.privateKey())
            .certificateChain(chain)
            .format(cose ? EnvelopeFormat.COSE : EnvelopeFormat.JWS)
            .validateChain(false)
            .build()
            .sign(EnvelopeFixtures.TARGET, Map.of(), Optional.empty());
    ValidatedChains.clear();
    VerificationFailure f =
        assertThrows(
            VerificationFailure.class,
            () ->
                Envelopes.parseAndVerify(
                    cose ? MediaTypes.COSE_ENVELOPE : MediaTypes.JWS_ENVELOPE, envelope));
    assertEquals(Check.INTEGRITY, f.check());
  }

  private static X509Certificate jdk(byte[] der) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
  }

  private static byte[] withLeaf(ObjectNode root, byte[] leaf) throws Exception {
    ObjectNode copy = root.deepCopy();
    ((ArrayNode) copy.get("header").get("x5c")).set(0, Base64.getEncoder().encodeToString(leaf));
    return JSON.writeValueAsBytes(copy);
  }

  private static VerificationFailure assertIntegrityFailure(byte[] envelope, String what) {
    VerificationFailure f =
        assertThrows(
            VerificationFailure.class,
            () -> Envelopes.parseAndVerify(MediaTypes.JWS_ENVELOPE, envelope),
            what);
    assertEquals(Check.INTEGRITY, f.check(), what + ": " + f.reason());
    return f;
  }
}
