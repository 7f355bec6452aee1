package io.ratify.notation.internal.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.notation.internal.Check;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrustPolicyDocumentTest {

  static Map<String, Object> statement(String name, List<String> scopes, String level) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("name", name);
    s.put("registryScopes", new ArrayList<>(scopes));
    s.put("signatureVerification", new LinkedHashMap<>(Map.of("level", level)));
    s.put("trustStores", new ArrayList<>(List.of("ca:acme")));
    s.put("trustedIdentities", new ArrayList<>(List.of("*")));
    return s;
  }

  static Map<String, Object> doc(Object... statements) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("version", "1.0");
    d.put("trustPolicies", new ArrayList<>(List.of(statements)));
    return d;
  }

  static String failure(Map<String, Object> doc) {
    return assertThrows(
            InvalidTrustPolicyException.class,
            () -> TrustPolicyDocument.fromTree(TrustPolicyDocument.Kind.OCI, doc))
        .getMessage();
  }

  @Test
  void documentLevelRules() {
    Map<String, Object> d = doc(statement("a", List.of("*"), "strict"));
    d.put("version", "2.0");
    assertEquals("oci trust policy document uses unsupported version \"2.0\"", failure(d));
    d.remove("version");
    assertEquals(
        "oci trust policy document has empty version, version must be specified", failure(d));
    assertEquals(
        "oci trust policy document can not have zero trust policy statements", failure(doc()));
    assertTrue(
        failure(Map.of("version", "1.0", "trustPolicies", "x"))
            .startsWith("malformed trust policy: trustPolicies must be a list"));
  }

  @Test
  @SuppressWarnings("unchecked") // the parsed document is a tree of plain maps
  void statementRulesUseNotationMessages() {
    Map<String, Object> s = statement("", List.of("*"), "strict");
    assertEquals(
        "oci trust policy: a trust policy statement is missing a name, every statement requires a name",
        failure(doc(s)));

    s = statement("a", List.of("*"), "invalid");
    assertEquals(
        "oci trust policy: trust policy statement \"a\" has invalid signatureVerification: invalid signature"
            + " verification level \"invalid\"",
        failure(doc(s)));

    s = statement("a", List.of("*"), "strict");
    ((Map<String, Object>) s.get("signatureVerification")).put("verifyTimestamp", "sometimes");
    assertEquals(
        "oci trust policy: trust policy statement \"a\" has invalid signatureVerification: verifyTimestamp must be"
            + " \"always\" or \"afterCertExpiry\", but got \"sometimes\"",
        failure(doc(s)));

    s = statement("a", List.of("*"), "skip");
    assertTrue(
        failure(doc(s))
            .contains("is set to skip signature verification but configured with trust stores"));

    s = statement("a", List.of("*"), "strict");
    s.put("trustStores", List.of("invalid:x"));
    assertEquals(
        "oci trust policy: trust policy statement \"a\" uses an unsupported trust store type \"invalid\" in trust"
            + " store value \"invalid:x\"",
        failure(doc(s)));

    s = statement("a", List.of("*"), "strict");
    s.put("trustedIdentities", List.of("x509.subject:"));
    assertTrue(
        failure(doc(s))
            .endsWith("has trusted identity \"x509.subject:\" without an identity value"));

    s = statement("a", List.of("*"), "strict");
    s.put("trustedIdentities", List.of("x509.subject:C=US+ST=WA,O=MyOrg"));
    assertEquals(
        "oci trust policy: trust policy statement \"a\" has trusted identity \"x509.subject:C=US+ST=WA,O=MyOrg\" with"
            + " invalid identity value: distinguished name (DN) \"C=US+ST=WA,O=MyOrg\" has multi-valued RDN attributes, remove"
            + " multi-valued RDN attributes as they are not supported",
        failure(doc(s)));

    s = statement("a", List.of("*"), "strict");
    s.put(
        "trustedIdentities",
        List.of("x509.subject:C=US,ST=WA,O=MyOrg", "x509.subject:C=US,ST=WA,O=MyOrg,X=Y"));
    assertEquals(
        "oci trust policy: trust policy statement \"a\" has overlapping x509 trustedIdentities,"
            + " \"x509.subject:C=US,ST=WA,O=MyOrg\" overlaps with \"x509.subject:C=US,ST=WA,O=MyOrg,X=Y\"",
        failure(doc(s)));

    s = statement("a", List.of("*"), "strict");
    s.put(
        "trustedIdentities", List.of("x509.subject:C=US,S=WA,O=a", "x509.subject:C=US,ST=WA,O=a"));
    assertTrue(
        failure(doc(s)).contains("has overlapping x509 trustedIdentities"), "S is an alias of ST");
  }

  @Test
  @SuppressWarnings("unchecked") // the parsed document is a tree of plain maps
  void overrideRules() {
    Map<String, Object> s = statement("a", List.of("*"), "strict");
    Map<String, Object> sv = (Map<String, Object>) s.get("signatureVerification");
    sv.put("override", new LinkedHashMap<>(Map.of("expiry", "skip")));
    assertTrue(
        failure(doc(s))
            .endsWith(
                "\"expiry\" verification can not be skipped in custom signature verification"));
    sv.put("override", new LinkedHashMap<>(Map.of("trustedIdentity", "log")));
    assertTrue(
        failure(doc(s))
            .endsWith(
                "verification type \"trustedIdentity\" in custom signature verification is not"
                    + " supported, supported values are [\"integrity\" \"authenticity\" \"authenticTimestamp\" \"expiry\" \"revocation\"]"));
    sv.put("override", new LinkedHashMap<>(Map.of("expiry", "warn")));
    assertTrue(
        failure(doc(s))
            .endsWith(
                "verification action \"warn\" in custom signature verification is not supported,"
                    + " supported values are [\"enforce\" \"log\" \"skip\"]"));
    Map<String, Object> skip = statement("b", List.of("*"), "skip");
    skip.remove("trustStores");
    skip.remove("trustedIdentities");
    ((Map<String, Object>) skip.get("signatureVerification"))
        .put("override", Map.of("revocation", "log"));
    assertTrue(
        failure(doc(skip))
            .endsWith(
                "signature verification level \"skip\" can't be used to customize signature verification"));
  }

  @Test
  @SuppressWarnings("unchecked") // the parsed document is a tree of plain maps
  void overridesChangeOnlyTheirChecks() throws Exception {
    Map<String, Object> s = statement("a", List.of("*"), "permissive");
    ((Map<String, Object>) s.get("signatureVerification"))
        .put("override", Map.of("revocation", "skip", "authenticity", "log"));
    SignatureVerification sv =
        TrustPolicyDocument.fromTree(TrustPolicyDocument.Kind.OCI, doc(s))
            .statements()
            .get(0)
            .signatureVerification();
    assertEquals(ValidationAction.SKIP, sv.action(Check.REVOCATION));
    assertEquals(ValidationAction.LOG, sv.action(Check.AUTHENTICITY));
    assertEquals(ValidationAction.LOG, sv.action(Check.TRUSTED_IDENTITY));
    assertEquals(ValidationAction.ENFORCE, sv.action(Check.INTEGRITY));
    assertEquals(ValidationAction.LOG, sv.action(Check.EXPIRY));
  }

  @Test
  void levelTableMatchesTheSpecification() {
    for (VerificationLevel l : VerificationLevel.values()) {
      SignatureVerification sv = SignatureVerification.of(l);
      boolean skip = l == VerificationLevel.SKIP;
      assertEquals(
          skip ? ValidationAction.SKIP : ValidationAction.ENFORCE, sv.action(Check.INTEGRITY));
    }
    assertEquals(
        ValidationAction.ENFORCE,
        SignatureVerification.of(VerificationLevel.STRICT).action(Check.REVOCATION));
    assertEquals(
        ValidationAction.ENFORCE,
        SignatureVerification.of(VerificationLevel.PERMISSIVE).action(Check.AUTHENTICITY));
    assertEquals(
        ValidationAction.LOG,
        SignatureVerification.of(VerificationLevel.PERMISSIVE).action(Check.AUTHENTIC_TIMESTAMP));
    assertEquals(
        ValidationAction.LOG,
        SignatureVerification.of(VerificationLevel.PERMISSIVE).action(Check.EXPIRY));
    assertEquals(
        ValidationAction.LOG,
        SignatureVerification.of(VerificationLevel.AUDIT).action(Check.AUTHENTICITY));
    assertEquals(
        ValidationAction.LOG,
        SignatureVerification.of(VerificationLevel.AUDIT).action(Check.REVOCATION));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "example.com/rep",
        "example.com:8080/rep/rep2",
        "example.com/rep/subrep/subsub",
        "10.10.10.10:8080/rep/rep2",
        "domain/rep",
        "domain:1234/rep",
        "local/myocilayout"
      })
  void validScopes(String scope) throws Exception {
    TrustPolicyDocument.fromTree(
        TrustPolicyDocument.Kind.OCI, doc(statement("a", List.of(scope), "strict")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1:1",
        "a,b",
        "abcd",
        "1111",
        "1,2",
        "example.com/rep:tag",
        "example.com/rep/subrep/sub:latest",
        "example.com",
        "rep/rep2:latest",
        "repository",
        "10.10.10.10",
        "10.10.10.10:8080/rep/rep2:latest",
        "https://x.io/a"
      })
  void invalidScopes(String scope) {
    assertEquals(
        "registry scope \""
            + scope
            + "\" is not valid, make sure it is a fully qualified repository without the"
            + " scheme, protocol or tag. For example domain.com/my/repository or a local scope like local/myOCILayout",
        failure(doc(statement("a", List.of(scope), "strict"))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.com/*", "*/", "example*/", "ex*test"})
  void wildcardInsideScopes(String scope) {
    assertTrue(
        failure(doc(statement("a", List.of(scope), "strict")))
            .startsWith("registry scope \"" + scope + "\" with wild card(s)"));
  }

  @Test
  void exactScopeBeatsWildcard() throws Exception {
    TrustPolicyDocument d =
        TrustPolicyDocument.fromTree(
            TrustPolicyDocument.Kind.OCI,
            doc(
                statement("wild", List.of("*"), "audit"),
                statement(
                    "exact", List.of("registry.acme-rockets.io/software/net-monitor"), "strict")));
    assertEquals(
        "exact", d.applicableTo("registry.acme-rockets.io/software/net-monitor@sha256:abc").name());
    assertEquals(
        "wild", d.applicableTo("registry.acme-rockets.io/software/other@sha256:abc").name());
    assertEquals(
        "wild",
        d.applicableTo("registry.acme-rockets.io/software@sha256:abc").name(),
        "scopes are whole repositories, not prefixes");
  }

  @Test
  void noApplicableStatement() throws Exception {
    TrustPolicyDocument d =
        TrustPolicyDocument.fromTree(
            TrustPolicyDocument.Kind.OCI,
            doc(
                statement(
                    "a",
                    List.of("registry.wabbit-networks.io/software/unsigned/net-utils"),
                    "strict")));
    InvalidTrustPolicyException e =
        assertThrows(
            InvalidTrustPolicyException.class,
            () -> d.applicableTo("non.existing.scope/repo@sha256:hash"));
    assertEquals(
        "artifact \"non.existing.scope/repo@sha256:hash\" has no applicable oci trust policy statement. Trust policy"
            + " applicability for a given artifact is determined by registryScopes. To create a trust policy, see:"
            + " https://notaryproject.dev/docs/quickstart/#create-a-trust-policy",
        e.getMessage());
    assertTrue(
        assertThrows(
                InvalidTrustPolicyException.class, () -> d.applicableTo("registry.io/repo:tag"))
            .getMessage()
            .contains("could not be parsed"),
        "a tag reference has no digest");
  }

  @Test
  void fieldNamesMatchCaseInsensitivelyLikeGo() throws Exception {
    Map<String, Object> s = statement("a", List.of("*"), "strict");
    Map<String, Object> upper = new LinkedHashMap<>();
    s.forEach((k, v) -> upper.put(k.toUpperCase(java.util.Locale.ROOT), v));
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("Version", "1.0");
    d.put("TrustPolicies", List.of(upper));
    assertEquals(
        "a",
        TrustPolicyDocument.fromTree(TrustPolicyDocument.Kind.OCI, d).statements().get(0).name());
  }

  @Test
  void jsonTypeErrorsAreMalformedPolicies() {
    String json = "{\"version\":\"1.0\",\"trustPolicies\":[{\"name\":7}]}";
    InvalidTrustPolicyException e =
        assertThrows(
            InvalidTrustPolicyException.class,
            () ->
                TrustPolicyDocument.fromJson(
                    TrustPolicyDocument.Kind.OCI, json.getBytes(StandardCharsets.UTF_8)));
    assertTrue(
        e.getMessage().startsWith("malformed trust policy: trustPolicies[0].name must be a string"),
        e.getMessage());
  }

  @Test
  void blobGlobalPolicyIsUnique() {
    Map<String, Object> a = statement("a", List.of(), "strict");
    a.remove("registryScopes");
    a.put("globalPolicy", true);
    Map<String, Object> b = new LinkedHashMap<>(a);
    b.put("name", "b");
    InvalidTrustPolicyException e =
        assertThrows(
            InvalidTrustPolicyException.class,
            () -> TrustPolicyDocument.fromTree(TrustPolicyDocument.Kind.BLOB, doc(a, b)));
    assertTrue(e.getMessage().contains("globalPolicy"), e.getMessage());
  }
}
