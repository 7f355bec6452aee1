package io.ratify.notation.internal.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever tree or bytes a configuration holds, the parser answers with a document or its typed
 * error.
 */
class TrustPolicyPropertiesTest {
  @Provide
  Arbitrary<Object> trees() {
    return tree(4);
  }

  private static Arbitrary<Object> tree(int depth) {
    Arbitrary<Object> leaf =
        Arbitraries.oneOf(
            Arbitraries.of(
                    "1.0",
                    "strict",
                    "skip",
                    "audit",
                    "*",
                    "ca:x",
                    "tsa:t",
                    "x509.subject:C=US,ST=WA,O=x",
                    "a.io/b",
                    "log",
                    "enforce",
                    "afterCertExpiry",
                    "",
                    "integrity",
                    "revocation")
                .map(s -> (Object) s),
            Arbitraries.integers().map(i -> (Object) i),
            Arbitraries.of(true, false).map(b -> (Object) b));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<String> keys =
        Arbitraries.of(
            "version",
            "trustPolicies",
            "name",
            "registryScopes",
            "signatureVerification",
            "level",
            "override",
            "verifyTimestamp",
            "trustStores",
            "trustedIdentities",
            "globalPolicy",
            "expiry",
            "authenticity");
    Arbitrary<Object> child = tree(depth - 1);
    return Arbitraries.oneOf(
        leaf,
        child.list().ofMaxSize(3).map(l -> (Object) new ArrayList<>(l)),
        Arbitraries.maps(keys, child).ofMaxSize(4).map(m -> (Object) new LinkedHashMap<>(m)));
  }

  @Property(tries = 400)
  void anyTreeParsesOrFailsTyped(@ForAll("trees") Object tree) {
    for (TrustPolicyDocument.Kind kind : TrustPolicyDocument.Kind.values()) {
      try {
        TrustPolicyDocument.fromTree(kind, tree);
      } catch (InvalidTrustPolicyException expected) {
        // the only acceptable failure
      }
    }
  }

  @Property(tries = 300)
  void anyBytesParseOrFailTyped(@ForAll byte[] json) {
    try {
      TrustPolicyDocument.fromJson(TrustPolicyDocument.Kind.OCI, json);
    } catch (InvalidTrustPolicyException expected) {
      // the only acceptable failure
    }
  }

  @Property(tries = 200)
  void validStatementsSurviveAValidDocument(@ForAll("levels") String level) throws Exception {
    Map<String, Object> st = new LinkedHashMap<>();
    st.put("name", "s");
    st.put("registryScopes", List.of("*"));
    st.put("signatureVerification", Map.of("level", level));
    if (!level.equals("skip")) {
      st.put("trustStores", List.of("ca:a"));
      st.put("trustedIdentities", List.of("*"));
    }
    TrustPolicyDocument.fromTree(
        TrustPolicyDocument.Kind.OCI, Map.of("version", "1.0", "trustPolicies", List.of(st)));
  }

  @Provide
  Arbitrary<String> levels() {
    return Arbitraries.of("strict", "permissive", "audit", "skip");
  }
}
