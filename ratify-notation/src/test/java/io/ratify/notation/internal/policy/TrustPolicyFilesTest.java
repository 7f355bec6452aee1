package io.ratify.notation.internal.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.testing.junit.SharedFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The notation CLI's e2e trust policy documents load, or fail with notation's message, as upstream
 * says ({@code vectors/PROVENANCE.md}). Expected messages are those notation's e2e tests match
 * (substrings of the full message).
 */
class TrustPolicyFilesTest {
  private static final String DIR = "notation/test/e2e/testdata/config/trustpolicies";
  private static final String VALID = null;
  private static final String BOTH =
      "trust policy statement \"e2e\" is either missing trust stores or trusted identities, both must be specified";

  /** File name to expected message (null: the document is valid). */
  private static final Map<String, String> EXPECTED = new LinkedHashMap<>();

  static {
    EXPECTED.put("any_registry_scope_trust_policy.json", VALID);
    EXPECTED.put("audit_trustpolicy.json", VALID);
    EXPECTED.put(
        "empty_registry_scope_trustpolicy.json",
        "trust policy statement \"e2e\" has zero registry scopes");
    EXPECTED.put(
        "empty_trusted_identity_trustpolicy.json",
        "trust policy statement \"e2e\" has an empty trusted identity");
    EXPECTED.put("generate_test_trustpolicy.json", VALID);
    EXPECTED.put(
        "invalid_format_trustpolicy.json",
        "malformed trust policy. To create a trust policy, see: ");
    EXPECTED.put("invalid_registry_scope_trustpolicy.json", VALID);
    EXPECTED.put("invalid_trust_store_trustpolicy.json", VALID);
    EXPECTED.put("invalid_trusted_identity_trustpolicy.json", VALID);
    EXPECTED.put(
        "malformed_registry_scope_trustpolicy.json",
        "registry scope \"localhost:5000\\\\test-repo\" is not valid, make sure"
            + " it is a fully qualified repository without the scheme, protocol or tag. For example domain.com/my/repository or"
            + " a local scope like local/myOCILayout");
    EXPECTED.put(
        "malformed_trust_store_trustpolicy.json",
        "trust policy statement \"e2e\" uses an unsupported trust store name"
            + " \"\" in trust store value \"ca:\". Named store name needs to follow [a-zA-Z0-9_.-]+ format");
    EXPECTED.put(
        "malformed_trusted_identity_trustpolicy.json",
        "trust policy statement \"e2e\" has trusted identity"
            + " \"x509.subject CN=e2e,O=Notary,L=Seattle,ST=WA,C=US\" missing separator");
    EXPECTED.put(
        "missing_country_trusted_identity_trustpolicy.json",
        mandatory(" CN=e2e,O=Notary,L=Seattle,ST=WA", "C"));
    EXPECTED.put(
        "missing_organization_trusted_identity_trustpolicy.json",
        mandatory(" CN=e2e,L=Seattle,ST=WA,C=US", "O"));
    EXPECTED.put(
        "missing_state_trusted_identity_trustpolicy.json",
        mandatory(" CN=e2e,O=Notary,L=Seattle,C=US", "ST"));
    EXPECTED.put(
        "multi_statements_with_multi_wildcard_registry_scope_trustpolicy.json",
        "registry scope \"*\" is present in multiple oci trust policy statements, ");
    EXPECTED.put(
        "multi_statements_with_the_same_name_trustpolicy.json",
        "multiple oci trust policy statements use the same name \"e2e\", statement names must be unique");
    EXPECTED.put(
        "multi_statements_with_the_same_registry_scope_trustpolicy.json",
        "registry scope \"localhost:5000/test-repo8\""
            + " is present in multiple oci trust policy statements, one registry scope value can only be associated with one statement");
    EXPECTED.put("multi_statements_with_wildcard_registry_scope_trustpolicy.json", VALID);
    EXPECTED.put("multiple_registry_scope_trustpolicy.json", VALID);
    EXPECTED.put("multiple_trust_store_trustpolicy.json", VALID);
    EXPECTED.put("multiple_trusted_identity_trustpolicy.json", VALID);
    EXPECTED.put(
        "overlapped_registry_scope_trustpolicy.json",
        "registry scope \"localhost:5000/test-repo6\" is present in multiple oci trust policy statements");
    EXPECTED.put("overlapped_trust_store_trustpolicy.json", VALID);
    EXPECTED.put(
        "overlapped_trusted_identity_trustpolicy.json",
        "trust policy statement \"e2e\" has overlapping x509 trustedIdentities");
    EXPECTED.put("override_audit_trustpolicy.json", VALID);
    EXPECTED.put(
        "override_integrity_for_permissive_trustpolicy.json",
        "\"integrity\" verification can not be overridden in custom signature verification");
    EXPECTED.put("override_permissive_trustpolicy.json", VALID);
    EXPECTED.put("override_strict_trustpolicy.json", VALID);
    EXPECTED.put("permissive_trustpolicy.json", VALID);
    EXPECTED.put("quickstart_trustpolicy.json", VALID);
    EXPECTED.put("registry_scope_trustpolicy.json", VALID);
    EXPECTED.put("skip_trustpolicy.json", VALID);
    EXPECTED.put("timestamp_after_cert_expiry_trustpolicy.json", VALID);
    EXPECTED.put("timestamp_trustpolicy.json", VALID);
    EXPECTED.put("trustpolicy.json", VALID);
    EXPECTED.put("unset_trust_store_trustpolicy.json", BOTH);
    EXPECTED.put("unset_trusted_identity_trustpolicy.json", BOTH);
    EXPECTED.put("valid_trusted_identity_trustpolicy.json", VALID);
    EXPECTED.put(
        "wildcard_plus_other_registry_scope_trustpolicy.json",
        "trust policy statement \"e2e\" uses wildcard registry"
            + " scope '*', a wildcard scope cannot be used in conjunction with other scope values");
    EXPECTED.put(
        "wildcard_plus_other_trusted_identity_trustpolicy.json",
        "trust policy statement \"e2e\" uses a wildcard trusted"
            + " identity '*', a wildcard identity cannot be used in conjunction with other values");
    EXPECTED.put(
        "wildcard_trust_store_trustpolicy.json",
        "trust policy statement \"e2e\" has malformed trust store value \"*\"."
            + " The required format is <TrustStoreType>:<TrustStoreName>");
  }

  private static String mandatory(String dn, String field) {
    return "distinguished name (DN) \""
        + dn
        + "\" has no mandatory RDN attribute for \""
        + field
        + "\", it must contain 'C', 'ST' or 'S', and 'O' RDN attributes at a minimum";
  }

  static Stream<Arguments> ociDocuments() {
    return EXPECTED.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ociDocuments")
  void ociDocumentLoadsOrFailsAsNotation(String file, String expected) {
    Path path = SharedFolders.vectors(DIR).resolve(file);
    if (expected == null) {
      TrustPolicyDocument doc = assertDoesNotThrowPolicy(path);
      assertEquals("1.0", doc.version());
      assertTrue(!doc.statements().isEmpty());
    } else {
      InvalidTrustPolicyException e =
          assertThrows(
              InvalidTrustPolicyException.class,
              () -> TrustPolicyDocument.fromFile(TrustPolicyDocument.Kind.OCI, path));
      assertTrue(
          e.getMessage().contains(expected),
          () -> "expected <" + expected + "> in <" + e.getMessage() + ">");
    }
  }

  @Test
  void everyPolicyFileOfTheFolderIsCovered() throws IOException {
    Set<String> files = new TreeSet<>();
    try (Stream<Path> s = Files.list(SharedFolders.vectors(DIR))) {
      s.forEach(p -> files.add(p.getFileName().toString()));
    }
    Set<String> covered = new TreeSet<>(EXPECTED.keySet());
    covered.add("blob_trust_policy.json");
    assertEquals(43, files.size());
    assertEquals(files, covered);
  }

  @Test
  void blobDocumentsLoadAsBlobPolicies() throws Exception {
    TrustPolicyDocument blob =
        TrustPolicyDocument.fromFile(
            TrustPolicyDocument.Kind.BLOB,
            SharedFolders.vectors(DIR).resolve("blob_trust_policy.json"));
    TrustPolicyStatement global = blob.blobPolicy(java.util.Optional.empty());
    assertEquals("global-verification-policy", global.name());
    assertEquals(VerificationLevel.AUDIT, global.signatureVerification().level());
    assertEquals(
        VerificationLevel.SKIP,
        blob.blobPolicy(java.util.Optional.of("skip-verification-policy"))
            .signatureVerification()
            .level());
    TrustPolicyDocument.fromFile(
        TrustPolicyDocument.Kind.BLOB,
        SharedFolders.vectors(
            "notation/test/e2e/testdata/blob/trustpolicies/trustpolicy.blob.json"));
    // As an OCI document the same file lacks registry scopes.
    InvalidTrustPolicyException e =
        assertThrows(
            InvalidTrustPolicyException.class,
            () ->
                TrustPolicyDocument.fromFile(
                    TrustPolicyDocument.Kind.OCI,
                    SharedFolders.vectors(DIR).resolve("blob_trust_policy.json")));
    assertTrue(e.getMessage().contains("has zero registry scopes"), e.getMessage());
  }

  @Test
  void validDocumentsCarryTheirSettings() throws Exception {
    Path dir = SharedFolders.vectors(DIR);
    TrustPolicyStatement overlapped =
        TrustPolicyDocument.fromFile(
                TrustPolicyDocument.Kind.OCI,
                dir.resolve("overlapped_trust_store_trustpolicy.json"))
            .statements()
            .get(0);
    assertEquals(
        1,
        overlapped.trustStores().size(),
        "a repeated trust store is used once, as notation's loader does");
    TrustPolicyStatement strictOverride =
        TrustPolicyDocument.fromFile(
                TrustPolicyDocument.Kind.OCI, dir.resolve("override_strict_trustpolicy.json"))
            .statements()
            .get(0);
    assertEquals(
        ValidationAction.LOG,
        strictOverride
            .signatureVerification()
            .action(io.ratify.notation.internal.Check.AUTHENTICITY));
    assertEquals(
        ValidationAction.LOG,
        strictOverride
            .signatureVerification()
            .action(io.ratify.notation.internal.Check.TRUSTED_IDENTITY));
    assertEquals(
        ValidationAction.ENFORCE,
        strictOverride.signatureVerification().action(io.ratify.notation.internal.Check.INTEGRITY));
    TrustPolicyStatement ts =
        TrustPolicyDocument.fromFile(
                TrustPolicyDocument.Kind.OCI,
                dir.resolve("timestamp_after_cert_expiry_trustpolicy.json"))
            .statements()
            .get(0);
    assertEquals(VerifyTimestamp.AFTER_CERT_EXPIRY, ts.signatureVerification().verifyTimestamp());
    assertEquals(1, ts.trustStores(TrustStoreType.TSA).size());
    // notation accepts level skip with the '*' scope (the specification forbids it): follow
    // notation.
    TrustPolicyStatement skip =
        TrustPolicyDocument.fromFile(
                TrustPolicyDocument.Kind.OCI, dir.resolve("skip_trustpolicy.json"))
            .statements()
            .get(0);
    assertTrue(skip.signatureVerification().skipsVerification());
  }

  private static TrustPolicyDocument assertDoesNotThrowPolicy(Path path) {
    try {
      return TrustPolicyDocument.fromFile(TrustPolicyDocument.Kind.OCI, path);
    } catch (InvalidTrustPolicyException e) {
      throw new AssertionError("expected a valid document, got: " + e.getMessage(), e);
    }
  }
}
