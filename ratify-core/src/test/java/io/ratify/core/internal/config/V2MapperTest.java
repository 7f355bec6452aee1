package io.ratify.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.core.config.ConfigLoader;
import io.ratify.core.config.RatifyConfig;
import io.ratify.spi.PluginConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How Ratify v2's built-in plugin types and parameters map onto ours. */
class V2MapperTest {
  private static RatifyConfig load(String storeParams, String verifiers, String... scopes)
      throws RatifyException {
    String text =
        """
        apiVersion: config.ratify.sh/v2alpha1
        kind: Executor
        metadata: {name: e}
        spec:
          scopes: [%s]
          stores:
            - type: registry-store
              parameters: %s
          verifiers:
        %s
          policyEnforcer:
            type: threshold-policy
            parameters:
              policy:
                rules:
                  - verifierName: notation-1
        """
            .formatted(
                String.join(
                    ", ", java.util.Arrays.stream(scopes).map(x -> "\"" + x + "\"").toList()),
                storeParams,
                verifiers.indent(4));
    return ConfigLoader.parseSet(text, "v2.yaml").executors().get(0).config();
  }

  private static final String NOTATION =
      """
      - name: notation-1
        type: notation
        parameters:
          certificates:
            - type: ca
              inline: PEM-TEXT
      """;

  private static PluginConfig store(String params, String... scopes) throws RatifyException {
    return load(params, NOTATION, scopes).stores().get(0);
  }

  @Test
  void registryStoreBecomesOras() throws Exception {
    PluginConfig s =
        store(
            "{plainHttp: true, maxBlobBytes: 1024, maxManifestBytes: 0, credential: {provider: static, username: '', password: ''}}",
            "ghcr.io");
    assertEquals("oras", s.type());
    assertEquals(
        Map.of("useHttp", true, "maxBlobBytes", 1024L, "authProvider", Map.of("name", "anonymous")),
        s.parameters());
  }

  @Test
  void staticCredentialsAreBoundToTheOneRegistryOfTheScopes() throws Exception {
    PluginConfig s =
        store(
            "{credential: {provider: static, username: u, password: p}}",
            "reg.example.com:5000/team/app",
            "reg.example.com:5000");
    assertEquals(
        Map.of(
            "name", "static",
            "registry", "reg.example.com:5000",
            "username", "u",
            "password", "p"),
        s.parameters().get("authProvider"));
    for (String[] scopes : new String[][] {{"*.example.com"}, {"a.example.com", "b.example.com"}}) {
      RatifyException e =
          assertThrows(
              RatifyException.class,
              () -> store("{credential: {provider: static, username: u, password: p}}", scopes));
      assertEquals(ErrorCode.CONFIG_INVALID, e.code());
      assertTrue(
          e.getMessage().contains("credential.provider")
              && e.getMessage().contains("static credentials are bound to one registry"),
          e.getMessage());
    }
  }

  @Test
  void userAgentAndAPasswordWithoutUserNameAreMapped() throws Exception {
    PluginConfig s =
        store(
            "{userAgent: 'my-agent/1.0', credential: {provider: static, username: '',"
                + " password: refresh-token}}",
            "ghcr.io/org/app");
    assertEquals("my-agent/1.0", s.parameters().get("userAgent"));
    // as in Ratify v2 (oras-go): without a user name the password is a refresh token
    assertEquals(
        Map.of("name", "static", "registry", "ghcr.io", "identityToken", "refresh-token"),
        s.parameters().get("authProvider"));
    // the chart's default: an empty userAgent means "not set"
    assertTrue(
        !store("{userAgent: '', credential: {provider: static}}", "ghcr.io")
            .parameters()
            .containsKey("userAgent"));
  }

  @Test
  void azureCredentialsPassThroughAsCredential() throws Exception {
    PluginConfig s =
        store("{credential: {provider: azure, clientID: c, tenantID: t}}", "*.azurecr.io");
    assertEquals(
        Map.of("provider", "azure", "clientID", "c", "tenantID", "t"),
        s.parameters().get("credential"));
    // identityBinding disabled (v2's {enabled: false}, or an earlier beta's false) is what we do
    for (String off : List.of("{enabled: false}", "{}", "false")) {
      assertEquals(
          Map.of("provider", "azure", "clientID", "c", "identityBinding", false),
          store(
                  "{credential: {provider: azure, clientID: c, identityBinding: " + off + "}}",
                  "*.azurecr.io")
              .parameters()
              .get("credential"),
          off);
    }
  }

  @Test
  void caBase64IsDecodedAndCaPemWinsWhenBothAreGiven() throws Exception {
    String b64 =
        Base64.getEncoder().encodeToString("PEM-FROM-BASE64".getBytes(StandardCharsets.UTF_8));
    assertEquals(
        "PEM-FROM-BASE64",
        store("{caBase64: " + b64 + ", credential: {provider: static}}", "ghcr.io")
            .parameters()
            .get("caPem"));
    assertEquals(
        "PEM",
        store("{caPem: PEM, caBase64: " + b64 + ", credential: {provider: static}}", "ghcr.io")
            .parameters()
            .get("caPem"));
    // the chart's defaults: empty strings mean "not set"
    assertTrue(
        !store("{caPem: '', caBase64: '', credential: {provider: static}}", "ghcr.io")
            .parameters()
            .containsKey("caPem"));
  }

  @Test
  void unsupportedStoreParametersAreRefusedNotIgnored() {
    for (String[] bad :
        new String[][] {
          {
            "{allowCosignTag: true, credential: {provider: static}}",
            "allowCosignTag': cosign signatures are not supported"
          },
          {"{credential: {provider: aws}}", "expected static or azure, got 'aws'"},
          {"{}", "credential': is required"},
          {"{bogus: 1, credential: {provider: static}}", "bogus': unknown field"},
          {"{caBase64: '%%%', credential: {provider: static}}", "is not valid base64"},
          {
            "{credential: {provider: azure, identityBinding: {enabled: true}}}",
            "identityBinding.enabled': AKS identity binding is not supported"
          },
          {
            "{credential: {provider: azure, identityBinding: true}}",
            "identityBinding': AKS identity binding is not supported"
          },
          {
            "{credential: {provider: azure, identityBinding: {enabled: yes-please}}}",
            "identityBinding.enabled': expected true or false"
          },
          {
            "{credential: {provider: azure, identityBinding: {enable: true}}}",
            "identityBinding.enable': unknown field"
          }
        }) {
      String params = bad[0];
      RatifyException e =
          assertThrows(RatifyException.class, () -> store(params, "*.azurecr.io"), params);
      assertEquals(ErrorCode.CONFIG_INVALID, e.code(), params);
      assertTrue(
          e.getMessage().contains("v2.yaml, document 1 (Executor e)")
              && e.getMessage().contains("spec.stores[0].parameters")
              && e.getMessage().contains(bad[1]),
          params + " -> " + e.getMessage());
    }
  }

  @Test
  void filesystemOciStoreBecomesOciLayout() throws Exception {
    RatifyConfig c =
        ConfigLoader.parseSet(
                """
                apiVersion: config.ratify.sh/v2alpha1
                kind: Executor
                metadata: {name: e}
                spec:
                  scopes: [local.test/app]
                  stores: [{type: filesystem-oci-store, parameters: {path: /layouts/app}}]
                  verifiers: [{name: v, type: custom, parameters: {x: 1}}]
                """,
                "fs.yaml")
            .executors()
            .get(0)
            .config();
    assertEquals("oci-layout", c.stores().get(0).type());
    assertEquals(Map.of("path", "/layouts/app"), c.stores().get(0).parameters());
    // a type we do not translate passes through unchanged (PLUGIN_NOT_FOUND later if absent)
    assertEquals("custom", c.verifiers().get(0).type());
    assertEquals(Map.of("x", 1), c.verifiers().get(0).parameters());
    assertTrue(c.policy().isEmpty());
  }

  @Test
  @SuppressWarnings("unchecked")
  void notationBuildsItsTrustPolicyKeyProvidersAndPaths() throws Exception {
    RatifyConfig c =
        load(
            "{credential: {provider: static}}",
            """
            - name: notation-1
              type: notation
              parameters:
                scopes: [ghcr.io/org/app]
                trustedIdentities: ["x509.subject: CN=signer"]
                certificates:
                  - inline: CA-PEM
                    azurekeyvault:
                      vaultURL: https://v.vault.azure.net/
                      clientID: ""
                      certificates: [{name: ca, version: ""}]
                  - type: tsa
                    files: [/certs/tsa]
            """,
            "ghcr.io");
    assertEquals(
        List.of("notation-1.ca.inline", "notation-1.ca.azurekeyvault"),
        c.keyManagementProviders().stream().map(PluginConfig::name).toList());
    assertEquals(
        Map.of("contentType", "certificate", "value", "CA-PEM"),
        c.keyManagementProviders().get(0).parameters());
    assertEquals("azurekeyvault", c.keyManagementProviders().get(1).type());
    assertEquals(
        Map.of(
            "vaultURL",
            "https://v.vault.azure.net/",
            "certificates",
            List.of(Map.of("name", "ca", "version", ""))),
        c.keyManagementProviders().get(1).parameters());
    PluginConfig v = c.verifiers().get(0);
    assertEquals("notation", v.type());
    assertEquals(
        Map.of(
            "ca", Map.of("ratify", List.of("notation-1.ca.inline", "notation-1.ca.azurekeyvault"))),
        v.parameters().get("verificationCertStores"));
    assertEquals(List.of("/certs/tsa"), v.parameters().get("verificationCerts"));
    Map<String, Object> doc = (Map<String, Object>) v.parameters().get("trustPolicyDoc");
    Map<String, Object> policy = ((List<Map<String, Object>>) doc.get("trustPolicies")).get(0);
    assertEquals(List.of("ghcr.io/org/app"), policy.get("registryScopes"));
    assertEquals(List.of("ca:ratify", "tsa:ratify-files"), policy.get("trustStores"));
    assertEquals(List.of("x509.subject: CN=signer"), policy.get("trustedIdentities"));
    assertEquals(Map.of("level", "strict"), policy.get("signatureVerification"));
    assertEquals("threshold-policy", c.policy().orElseThrow().type());
  }

  @Test
  void badNotationParametersAreRefusedNamingTheField() {
    for (String[] bad :
        new String[][] {
          {"certificates: []", "parameters.certificates"},
          {"scopes: [a]", "parameters.certificates"},
          {"certificates: [{type: root, inline: x}]", "certificates[0].type"},
          {"certificates: [{inline: x}, {type: ca, inline: y}]", "certificates[1].type"},
          {"certificates: [{type: ca}]", "certificates[0].type"},
          {"certificates: [{type: ca, vault: x}]", "certificates[0].vault"},
          {
            "certificates: [{type: ca, files: [/a]}, {type: tsa, files: [/b]}]",
            "certificates[1].files"
          },
          {"certificates: [{inline: x}]\n  verificationCerts: [/a]", "verificationCerts"}
        }) {
      String verifier =
          "- name: notation-1\n  type: notation\n  parameters:\n    "
              + bad[0].replace("\n", "\n  ");
      RatifyException e =
          assertThrows(
              RatifyException.class,
              () -> load("{credential: {provider: static}}", verifier, "ghcr.io"),
              bad[0]);
      assertEquals(ErrorCode.CONFIG_INVALID, e.code(), bad[0]);
      assertTrue(
          e.getMessage().contains("spec.verifiers[0]") && e.getMessage().contains(bad[1]),
          bad[0] + " -> " + e.getMessage());
    }
  }

  @Test
  void oneStorePerExecutorAndStoreScopesMustMatch() {
    String two =
        """
        apiVersion: config.ratify.sh/v2alpha1
        kind: Executor
        metadata: {name: e}
        spec:
          scopes: [ghcr.io]
          stores:
            - {type: registry-store, parameters: {credential: {provider: static}}}
            - {type: registry-store, parameters: {credential: {provider: static}}}
          verifiers: [{name: v, type: x}]
        """;
    RatifyException e =
        assertThrows(RatifyException.class, () -> ConfigLoader.parseSet(two, "two.yaml"));
    assertTrue(
        e.getMessage().contains("field 'spec.stores'")
            && e.getMessage().contains("one store per executor is supported"),
        e.getMessage());
    String scoped =
        two.replace(
                "    - {type: registry-store, parameters: {credential: {provider: static}}}\n"
                    + "    - {type",
                "    - {scopes: [quay.io], type")
            .replace("stores:\n", "stores:\n");
    RatifyException e2 =
        assertThrows(RatifyException.class, () -> ConfigLoader.parseSet(scoped, "s.yaml"));
    assertTrue(
        e2.getMessage().contains("spec.stores[0].scopes")
            && e2.getMessage().contains("per-store scopes are not supported"),
        e2.getMessage());
  }

  @Test
  void v2ConfigJsonWithExecutorsLoads() throws Exception {
    String json =
        """
        {"executors": [{
          "scopes": ["ghcr.io"],
          "verifiers": [{"name": "notation-1", "type": "notation",
            "parameters": {"scopes": [], "trustedIdentities": [],
              "certificates": [{"type": "ca", "files": ["/usr/local/notation/certs"]}]}}],
          "stores": [{"scope": [], "type": "registry-store",
            "parameters": {"credential": {"provider": "static", "username": "", "password": ""}}}],
          "policyEnforcer": {"type": "threshold-policy",
            "parameters": {"policy": {"rules": [{"verifierName": "notation-1"}]}}}
        }]}
        """;
    var set = ConfigLoader.parseSet(json, "config.json");
    assertEquals(List.of("ghcr.io"), set.executors().get(0).scopes());
    assertEquals("executor-1", set.executors().get(0).name());
    assertEquals(
        List.of("/usr/local/notation/certs"),
        set.executors().get(0).config().verifiers().get(0).parameters().get("verificationCerts"));
  }
}
