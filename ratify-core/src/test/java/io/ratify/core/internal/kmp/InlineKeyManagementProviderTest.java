package io.ratify.core.internal.kmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Deadline;
import io.ratify.api.ErrorCode;
import io.ratify.api.KeyId;
import io.ratify.api.KeyManagementProvider;
import io.ratify.api.KeyMaterial;
import io.ratify.api.RatifyException;
import io.ratify.api.testing.DerMutations;
import io.ratify.api.testing.junit.SharedFolders;
import io.ratify.core.InlineCerts;
import io.ratify.core.internal.plugins.DefaultPluginContext;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InlineKeyManagementProviderTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

  static KeyManagementProvider create(Map<String, Object> params) throws RatifyException {
    return new InlineKeyManagementProviderFactory()
        .create(
            PluginConfig.of(PluginKind.KEY_MANAGEMENT_PROVIDER, "k", "inline", params),
            new DefaultPluginContext(Map.of(), CLOCK, Path.of(".")));
  }

  static KeyMaterial fetch(Map<String, Object> params) throws RatifyException {
    return create(params).fetch(Deadline.after(Duration.ofSeconds(1)));
  }

  static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  static ErrorCode failure(Map<String, Object> params) {
    return assertThrows(RatifyException.class, () -> create(params)).code();
  }

  @Test
  void certificateWithoutContentTypeIsTheSeedsCase() throws Exception {
    KeyMaterial m = fetch(Map.of("value", InlineCerts.RATIFY_SAMPLE));
    assertEquals(1, m.certificates().get(KeyId.single()).size());
    assertEquals(
        "CN=Ratify Sample,O=Ratify",
        m.enabledCertificates().get(0).getSubjectX500Principal().getName());
    assertEquals("certificate", m.status().get("contentType"));
    assertEquals(CLOCK.instant(), m.fetchedAt());
    assertTrue(m.keys().isEmpty());
  }

  @Test
  void everyCertificateBlockJoinsTheChainAndOtherBlocksAreSkipped() throws Exception {
    Path multi = SharedFolders.vectors().resolve("notation-core-go/x509/testdata/multi-pem.crt");
    String twoCerts = Files.readString(multi);
    KeyMaterial m =
        fetch(
            Map.of(
                "contentType",
                "certificate",
                "value",
                "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                    + twoCerts));
    assertEquals(2, m.certificates().get(KeyId.single()).size());
  }

  @Test
  void badCertificatesAreCertInvalid() {
    assertEquals(
        ErrorCode.CERT_INVALID,
        failure(Map.of("contentType", "certificate", "value", "not a certificate")));
    assertEquals(
        ErrorCode.CERT_INVALID,
        failure(Map.of("value", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")));
    assertEquals(
        ErrorCode.CERT_INVALID,
        failure(Map.of("value", InlineCerts.RATIFY_SAMPLE + "trailing garbage")));
    assertEquals(
        ErrorCode.CERT_INVALID,
        failure(
            Map.of("value", InlineCerts.RATIFY_SAMPLE.replace("-----END CERTIFICATE-----", ""))));
    assertEquals(
        ErrorCode.CERT_INVALID,
        failure(Map.of("value", InlineCerts.RATIFY_SAMPLE.replace("MIID", "M!ID"))));
  }

  @Test
  void aCertificateBlockMustHoldExactlyOneDerCertificate() {
    String body =
        InlineCerts.RATIFY_SAMPLE
            .replace("-----BEGIN CERTIFICATE-----", "")
            .replace("-----END CERTIFICATE-----", "")
            .replaceAll("\\s", "");
    byte[] der = Base64.getDecoder().decode(body);
    byte[] trailing =
        java.util.Arrays.copyOf(der, der.length + 4); // four zero bytes after the certificate
    assertEquals(
        ErrorCode.CERT_INVALID,
        failure(Map.of("value", block(trailing))),
        "trailing data, as Go's x509 refuses");
    // the PEM text itself, base64-encoded again: Java's certificate factory would read it, Go's
    // would not
    byte[] pemInside =
        InlineCerts.RATIFY_SAMPLE.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertEquals(
        ErrorCode.CERT_INVALID,
        failure(Map.of("value", block(pemInside))),
        "PEM inside a PEM block");
  }

  /**
   * Issue 8: the same certificate re-encoded in BER (a long-form length or non-zero unused bits in
   * the signature BIT STRING) is refused, though the JDK alone would accept it unchanged.
   */
  @Test
  void aReEncodedCertificateIsCertInvalid() throws Exception {
    String body =
        InlineCerts.RATIFY_SAMPLE
            .replace("-----BEGIN CERTIFICATE-----", "")
            .replace("-----END CERTIFICATE-----", "")
            .replaceAll("\\s", "");
    byte[] der = Base64.getDecoder().decode(body);
    assertEquals(1, fetch(Map.of("value", block(der))).certificates().get(KeyId.single()).size());
    int count = DerMutations.elementCount(der);
    for (int i = 0; i < count; i++) {
      byte[] longForm = DerMutations.withLength(der, i, DerMutations.LengthForm.LONGER);
      assertEquals(
          ErrorCode.CERT_INVALID, failure(Map.of("value", block(longForm))), "element " + i);
    }
    int signature = DerMutations.signatureBitString(der);
    for (int unused = 1; unused <= 7; unused++) {
      byte[] bits = DerMutations.withUnusedBits(der, signature, unused);
      assertEquals(
          ErrorCode.CERT_INVALID, failure(Map.of("value", block(bits))), "unused " + unused);
    }
  }

  @Test
  void nestedIndefiniteLengthsAreCertInvalidNotAStackOverflow() {
    byte[] der = new byte[40_000];
    for (int i = 0; i < der.length; i += 2) {
      der[i] = 0x30;
      der[i + 1] = (byte) 0x80;
    }
    assertEquals(ErrorCode.CERT_INVALID, failure(Map.of("value", block(der))));
  }

  static String block(byte[] der) {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END CERTIFICATE-----\n";
  }

  @Test
  void publicKeysOfEachAlgorithmLoad() throws Exception {
    for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
      KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
      PublicKey pub = g.generateKeyPair().getPublic();
      KeyMaterial m = fetch(Map.of("contentType", "key", "value", pem(pub)));
      assertEquals(pub, m.keys().get(KeyId.single()), alg);
      assertTrue(m.certificates().isEmpty());
    }
  }

  @Test
  void badKeysAndParametersAreTyped() {
    assertEquals(
        ErrorCode.KEY_INVALID,
        failure(Map.of("contentType", "key", "value", InlineCerts.RATIFY_SAMPLE)));
    assertEquals(
        ErrorCode.KEY_INVALID,
        failure(
            Map.of(
                "contentType",
                "key",
                "value",
                "-----BEGIN PUBLIC KEY-----\nAAECAw==\n-----END PUBLIC KEY-----\n")));
    assertEquals(
        ErrorCode.CONFIG_INVALID,
        failure(Map.of("contentType", "Certificate", "value", InlineCerts.RATIFY_SAMPLE)));
    assertEquals(ErrorCode.CONFIG_INVALID, failure(Map.of("contentType", "certificate")));
    assertEquals(ErrorCode.CONFIG_INVALID, failure(Map.of("value", 42)));
  }
}
