package io.ratify.notation.internal.truststore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.testing.junit.SharedFolders;
import io.ratify.notation.internal.policy.TrustStoreRef;
import io.ratify.notation.internal.policy.TrustStoreType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * notation-go's trust store vectors and loader rules ({@code
 * verifier/truststore/truststore_test.go}).
 */
class TrustStoreDirectoryTest {
  @TempDir Path tmp;

  private static TrustStoreDirectory vectors() {
    return TrustStoreDirectory.find(SharedFolders.vectors("notation-go/verifier/testdata"))
        .orElseThrow();
  }

  private static String failure(TrustStoreDirectory dir, TrustStoreType type, String name) {
    return assertThrows(
            TrustStoreException.class, () -> dir.certificates(new TrustStoreRef(type, name)))
        .getMessage();
  }

  @Test
  void validStoresLoad() throws Exception {
    TrustStoreDirectory dir = vectors();
    List<X509Certificate> ca =
        dir.certificates(new TrustStoreRef(TrustStoreType.CA, "valid-trust-store"));
    assertEquals(
        6,
        ca.size(),
        "GlobalSign DER + PEM, Notation Test Root, TestTimestamp, TestTimestampNotYetValid, wabbit-networks");
    assertEquals(
        1,
        dir.certificates(new TrustStoreRef(TrustStoreType.CA, "valid-trust-store-self-signed"))
            .size());
    assertEquals(
        3,
        dir.certificates(new TrustStoreRef(TrustStoreType.SIGNING_AUTHORITY, "valid-trust-store"))
            .size());
  }

  @Test
  void brokenStoresFailWithNotationMessages() {
    TrustStoreDirectory dir = vectors();
    assertEquals(
        "failed to read the trusted certificate invalid in trust store trust-store-with-invalid-certs of type ca",
        failure(dir, TrustStoreType.CA, "trust-store-with-invalid-certs"));
    assertEquals(
        "failed to validate the trusted certificate non-ca.crt in trust store trust-store-with-leaf-certs of type ca:"
            + " certificate with subject \"CN=wabbit-networks.io,O=Notary,L=Seattle,ST=WA,C=US\" is not a CA certificate or"
            + " self-signed signing certificate",
        failure(dir, TrustStoreType.CA, "trust-store-with-leaf-certs"));
    assertTrue(
        failure(dir, TrustStoreType.CA, "trust-store-with-leaf-certs-in-single-file")
            .startsWith(
                "failed to validate the trusted certificate RootAndLeafCerts.crt in trust store"
                    + " trust-store-with-leaf-certs-in-single-file of type ca"));
    assertEquals(
        "the trust store \"invalid_store\" of type \"ca\" does not exist",
        failure(dir, TrustStoreType.CA, "invalid_store"));
    assertEquals(
        "the trust store \"valid-trust-store\" of type \"tsa\" does not exist",
        failure(dir, TrustStoreType.TSA, "valid-trust-store"));
  }

  @Test
  void symlinksAndSubdirectoriesAreErrors() throws Exception {
    Path ca = Files.createDirectories(tmp.resolve("x509/ca"));
    Path real = Files.createDirectories(ca.resolve("real"));
    Path root =
        SharedFolders.vectors(
            "notation-go/verifier/testdata/truststore/x509/ca/valid-trust-store/NotationTestRoot.pem");
    Files.copy(root, real.resolve("root.pem"));
    Files.createSymbolicLink(ca.resolve("linked"), real);
    TrustStoreDirectory dir = TrustStoreDirectory.find(tmp).orElseThrow();
    assertEquals(1, dir.certificates(new TrustStoreRef(TrustStoreType.CA, "real")).size());
    assertEquals(
        "the trust store linked of type ca with path "
            + ca.resolve("linked")
            + " is not a regular directory (symlinks are not supported)",
        failure(dir, TrustStoreType.CA, "linked"));

    Files.createSymbolicLink(real.resolve("link.pem"), real.resolve("root.pem"));
    assertEquals(
        "trusted certificate link.pem in trust store real of type ca is not a regular file (directories or symlinks"
            + " are not supported)",
        failure(dir, TrustStoreType.CA, "real"));
    Files.delete(real.resolve("link.pem"));
    Files.createDirectory(real.resolve("sub"));
    assertTrue(
        failure(dir, TrustStoreType.CA, "real")
            .startsWith(
                "trusted certificate sub in trust store real of type ca is not a regular file"));
    Files.delete(real.resolve("sub"));

    Files.createDirectories(ca.resolve("empty"));
    assertEquals(
        "no x509 certificates were found in trust store \"empty\" of type \"ca\"",
        failure(dir, TrustStoreType.CA, "empty"));
  }

  @ParameterizedTest
  @CsvSource({
    "globalsignTSARoot.cer, ",
    "DigiCertTSARootSHA384.cer, ",
    "intermediate.pem, is not a root certificate",
    "notSelfIssued.crt, is not a root certificate",
    "CertChain.pem, is not a root certificate",
    "invalid.crt, failed to read the trusted certificate invalid.crt",
    "Empty.txt, failed to read the trusted certificate Empty.txt",
  })
  void tsaStoresHoldOnlyRoots(String file, String expected) throws Exception {
    Path store = Files.createDirectories(tmp.resolve("truststore/x509/tsa/tsa1"));
    Files.copy(
        SharedFolders.vectors("notation/test/e2e/testdata/config/timestamp").resolve(file),
        store.resolve(file));
    TrustStoreDirectory dir = TrustStoreDirectory.find(tmp).orElseThrow();
    TrustStoreRef ref = new TrustStoreRef(TrustStoreType.TSA, "tsa1");
    if (expected == null) {
      assertEquals(1, dir.certificates(ref).size());
    } else {
      String m = assertThrows(TrustStoreException.class, () -> dir.certificates(ref)).getMessage();
      assertTrue(m.contains(expected), m);
    }
  }

  @Test
  void derAndPemAreReadWhateverTheExtension() throws Exception {
    Path store = Files.createDirectories(tmp.resolve("x509/signingAuthority/s"));
    Path vectors =
        SharedFolders.vectors("notation-go/verifier/testdata/truststore/x509/ca/valid-trust-store");
    Files.copy(vectors.resolve("GlobalSign.der"), store.resolve("a.txt"));
    Files.copy(vectors.resolve("GlobalSignRootCA.crt"), store.resolve("b"));
    List<X509Certificate> certs =
        TrustStoreDirectory.find(tmp.resolve("x509"))
            .orElseThrow()
            .certificates(new TrustStoreRef(TrustStoreType.SIGNING_AUTHORITY, "s"));
    assertEquals(2, certs.size());
    assertEquals(certs.get(0), certs.get(1), "the DER and PEM files hold the same GlobalSign root");
  }

  @Test
  void aFileThatBreaksTheJdkParserFailsLikeAGarbageFile() throws Exception {
    Path store = Files.createDirectories(tmp.resolve("x509/ca/s"));
    Files.write(store.resolve("deep.der"), CertificateFilesTest.nestedIndefiniteLengths());
    assertEquals(
        "failed to read the trusted certificate deep.der in trust store s of type ca",
        failure(
            TrustStoreDirectory.find(tmp.resolve("x509")).orElseThrow(), TrustStoreType.CA, "s"));
    // The same file as a plain verificationCerts path.
    TrustStores plain = new TrustStores(Map.of(), List.of(store.resolve("deep.der")));
    assertTrue(
        assertThrows(TrustStoreException.class, plain::checkPaths)
            .getMessage()
            .startsWith("failed to read the certificate file"));
  }
}
