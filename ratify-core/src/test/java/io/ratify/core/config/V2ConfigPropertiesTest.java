package io.ratify.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Mutated Ratify v2 documents load or fail with CONFIG_INVALID, never anything else. */
class V2ConfigPropertiesTest {
  private static final String DOC =
      """
      apiVersion: config.ratify.sh/v2alpha1
      kind: NamespacedExecutor
      metadata: {name: e, namespace: team-a}
      spec:
        scopes: ["*.azurecr.io", "ghcr.io/org/app", "localhost:5000"]
        concurrency: 3
        stores:
          - type: registry-store
            parameters:
              plainHttp: false
              caBase64: "LS0tLS1CRUdJTg=="
              credential: {provider: azure, clientID: c}
        verifiers:
          - name: notation-1
            type: notation
            parameters:
              scopes: [ghcr.io/org/app]
              trustedIdentities: ["x509.subject: CN=x"]
              certificates:
                - {type: ca, inline: {certs: PEM}}
                - {type: tsa, files: [/tsa]}
                - type: signingAuthority
                  azurekeyvault: {vaultURL: "https://v.vault.azure.net/", certificates: [{name: c}]}
        policyEnforcer:
          type: threshold-policy
          parameters: {policy: {threshold: 1, rules: [{verifierName: notation-1}]}}
      """;

  @Provide
  Arbitrary<Tuple.Tuple3<Integer, Integer, String>> mutations() {
    return Arbitraries.integers()
        .between(0, DOC.length() - 1)
        .flatMap(
            at ->
                Arbitraries.integers()
                    .between(0, 8)
                    .flatMap(
                        cut ->
                            Arbitraries.of(
                                    "",
                                    "*",
                                    "[",
                                    "{",
                                    "}",
                                    ":",
                                    "- ",
                                    "\n",
                                    "'",
                                    "\"",
                                    "&a",
                                    "*a",
                                    "!!binary",
                                    "~",
                                    "-1",
                                    "99999999999999999999",
                                    "\u0000")
                                .map(insert -> Tuple.of(at, cut, insert))));
  }

  @Property(tries = 1500)
  void mutatedDocumentsLoadOrFailTyped(
      @ForAll("mutations") Tuple.Tuple3<Integer, Integer, String> m) {
    int at = m.get1();
    int end = Math.min(DOC.length(), at + m.get2());
    String text = DOC.substring(0, at) + m.get3() + DOC.substring(end);
    try {
      ConfigLoader.parseSet(text, "mutated.yaml");
    } catch (RatifyException e) {
      assertEquals(ErrorCode.CONFIG_INVALID, e.code(), text);
    }
  }
}
