package io.ratify.keyvault.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Deadline;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.api.testing.DerMutations;
import io.ratify.api.testing.DerMutations.LengthForm;
import io.ratify.api.testing.DerMutations.ReEncoding;
import io.ratify.api.testing.TestPki;
import io.ratify.keyvault.testing.FakeKeyVault;
import io.ratify.keyvault.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.CertBag;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.SafeBag;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCS12MacCalculatorBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;
import org.junit.jupiter.api.Test;

/**
 * Issue 8 for Key Vault secrets: a certificate re-encoded in a non-DER way (a long-form,
 * zero-padded or indefinite length, non-zero unused bits in its signature BIT STRING) inside a PEM
 * or PKCS12 secret is refused. For PKCS12 the check is on the bytes the container's certificate bag
 * stores: the JDK key store re-serialises what it parsed, so its {@code getEncoded()} hides most of
 * these.
 */
class ReEncodedSecretCertificatesTest {
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();
  private static final TestPki.Chain CHAIN = TestPki.chain("re-encoded");
  private static final byte[] LEAF = der(CHAIN.leaf().certificate());

  private static byte[] der(X509Certificate c) {
    try {
      return c.getEncoded();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The chain as PEM with the leaf's bytes replaced. */
  static String pem(byte[] leaf) {
    StringBuilder out = new StringBuilder(TestPki.pemBlock("CERTIFICATE", leaf));
    for (X509Certificate c : CHAIN.certificates().subList(1, CHAIN.certificates().size())) {
      out.append(TestPki.pemBlock("CERTIFICATE", der(c)));
    }
    return out.toString();
  }

  /**
   * A PKCS12 container (empty password, MAC'd) whose certificate bags store exactly {@code certs},
   * byte for byte, and one key entry.
   */
  static String pkcs12(List<byte[]> certs) throws Exception {
    // the JDK exposes certificates only through a key entry (or an Oracle trust attribute): the
    // leaf's bag and an encrypted key bag share a localKeyId, as Key Vault's exports do
    DEROctetString keyId = new DEROctetString(new byte[] {1, 2, 3, 4});
    PKCS12PfxPduBuilder pfx = new PKCS12PfxPduBuilder();
    List<PKCS12SafeBag> bags = new ArrayList<>();
    for (int i = 0; i < certs.size(); i++) {
      ASN1Set attributes =
          i == 0
              ? new DERSet(new Attribute(PKCS12SafeBag.localKeyIdAttribute, new DERSet(keyId)))
              : null;
      bags.add(
          new PKCS12SafeBag(
              new SafeBag(
                  PKCSObjectIdentifiers.certBag,
                  new CertBag(
                      PKCSObjectIdentifiers.x509Certificate, new DEROctetString(certs.get(i))),
                  attributes)));
    }
    for (PKCS12SafeBag bag : bags) {
      pfx.addData(bag);
    }
    pfx.addData(
        new PKCS12SafeBagBuilder(
                PrivateKeyInfo.getInstance(CHAIN.leaf().keyPair().getPrivate().getEncoded()),
                new JcePKCSPBEOutputEncryptorBuilder(
                        PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC)
                    .setProvider(BC)
                    .build(new char[0]))
            .addBagAttribute(PKCS12SafeBag.localKeyIdAttribute, keyId)
            .build());
    return Base64.getEncoder()
        .encodeToString(
            pfx.build(new JcePKCS12MacCalculatorBuilder().setProvider(BC), new char[0])
                .getEncoded());
  }

  static List<byte[]> chainWithLeaf(byte[] leaf) {
    List<byte[]> out = new ArrayList<>();
    out.add(leaf);
    for (X509Certificate c : CHAIN.certificates().subList(1, CHAIN.certificates().size())) {
      out.add(der(c));
    }
    return out;
  }

  @Test
  void theContainersAsBuiltHereAreAccepted() throws Exception {
    assertEquals(
        CHAIN.certificates(), SecretContent.certificates(SecretContent.PEM, pem(LEAF)).chain());
    assertEquals(
        CHAIN.certificates(),
        SecretContent.certificates(SecretContent.PKCS12, pkcs12(chainWithLeaf(LEAF))).chain());
  }

  /**
   * The PKCS12 check reads the bytes the certificate bag stores, not the JDK key store's {@code
   * getEncoded()} (JDK 17 happens to hand these re-encodings back unchanged, but its parser
   * re-serialises elsewhere, and the guarantee should not rest on that), and names the DER defect.
   */
  @Test
  void aPkcs12BagIsCheckedOnItsStoredBytes() throws Exception {
    for (byte[] reEncoded :
        List.of(
            DerMutations.withUnusedBits(LEAF, DerMutations.signatureBitString(LEAF), 1),
            DerMutations.withLength(LEAF, 0, LengthForm.LONGER),
            DerMutations.withLength(LEAF, 0, LengthForm.INDEFINITE))) {
      String value = pkcs12(chainWithLeaf(reEncoded));
      // the JDK opens the container and exposes the chain
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(new ByteArrayInputStream(Base64.getDecoder().decode(value)), new char[0]);
      assertEquals(3, ks.getCertificateChain(ks.aliases().nextElement()).length);
      SecretContent.Invalid e =
          assertThrows(
              SecretContent.Invalid.class,
              () -> SecretContent.certificates(SecretContent.PKCS12, value));
      assertTrue(
          e.getMessage()
              .startsWith("the PKCS12 value holds a certificate that is not strict DER: not DER:"),
          e.getMessage());
    }
  }

  @Property(tries = 80)
  void aReEncodedCertificateInAPemSecretIsRefused(
      @ForAll ReEncoding mutation, @ForAll @IntRange(min = 0, max = 10_000) int pick) {
    byte[] reEncoded = DerMutations.reEncode(LEAF, mutation, pick);
    assertFalse(Arrays.equals(LEAF, reEncoded), "the mutation must change the bytes");
    SecretContent.Invalid e =
        assertThrows(
            SecretContent.Invalid.class,
            () -> SecretContent.certificates(SecretContent.PEM, pem(reEncoded)));
    assertTrue(e.getMessage().startsWith("a CERTIFICATE block: "), e.getMessage());
  }

  @Property(tries = 80)
  void aReEncodedCertificateInAPkcs12SecretIsRefused(
      @ForAll ReEncoding mutation, @ForAll @IntRange(min = 0, max = 10_000) int pick)
      throws Exception {
    byte[] reEncoded = DerMutations.reEncode(LEAF, mutation, pick);
    assertFalse(Arrays.equals(LEAF, reEncoded), "the mutation must change the bytes");
    String value = pkcs12(chainWithLeaf(reEncoded));
    SecretContent.Invalid e =
        assertThrows(
            SecretContent.Invalid.class,
            () -> SecretContent.certificates(SecretContent.PKCS12, value));
    // either the JDK cannot open the container at all, or the stored bytes are not strict DER
    assertTrue(
        e.getMessage().startsWith("the PKCS12 value holds a certificate that is not strict DER")
            || e.getMessage().startsWith("the PKCS12 value could not be opened"),
        e.getMessage());
    if (jdkReads(reEncoded)) {
      assertTrue(e.getMessage().contains("not strict DER"), e.getMessage());
    }
  }

  private static boolean jdkReads(byte[] cert) {
    try {
      CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(cert));
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /** Through the provider and the Key Vault protocol: a typed CERT_INVALID for both kinds. */
  @Test
  void theKeyVaultProviderReportsCertInvalid() throws Exception {
    byte[] longForm =
        DerMutations.withLength(LEAF, DerMutations.elementCount(LEAF) - 1, LengthForm.LONGER);
    byte[] unusedBits = DerMutations.withUnusedBits(LEAF, DerMutations.signatureBitString(LEAF), 3);
    Instant t0 = Instant.parse("2025-03-01T10:00:00Z");
    try (FakeKeyVault vault = FakeKeyVault.start()) {
      vault.addCertificate(
          "pem", SecretContent.PEM, pem(longForm), CHAIN.leaf().certificate(), true, t0);
      vault.addCertificate(
          "p12",
          SecretContent.PKCS12,
          pkcs12(chainWithLeaf(unusedBits)),
          CHAIN.leaf().certificate(),
          true,
          t0);
      for (String name : List.of("pem", "p12")) {
        KeyVaultSettings s =
            KeyVaultSettings.builder()
                .vaultUri(vault.url() + "/")
                .tenantId(FakeKeyVault.TENANT)
                .clientId("client")
                .maxRetries(1)
                .retryDelay(Duration.ofMillis(5))
                .certificate(VaultObject.latest(name))
                .build();
        AzureKeyVaultProvider p =
            new AzureKeyVaultProvider("akv", s, vault.connector().connect(s), new MutableClock(t0));
        RatifyException e =
            assertThrows(
                RatifyException.class, () -> p.fetch(Deadline.after(Duration.ofSeconds(20))));
        assertEquals(ErrorCode.CERT_INVALID, e.code(), name);
        assertTrue(e.getMessage().contains("not DER"), name + ": " + e.getMessage());
      }
    }
  }
}
