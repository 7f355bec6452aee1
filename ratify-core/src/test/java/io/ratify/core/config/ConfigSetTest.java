package io.ratify.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Scope routing of Ratify v2 executors, and namespace selection for v1 and v2 configurations. */
class ConfigSetTest {
  /** A v2 executor document with an anonymous registry store and one notation verifier. */
  static String executor(String kind, String name, String namespace, String... scopes) {
    String list =
        scopes.length == 0
            ? "[]"
            : "\n"
                + List.of(scopes).stream()
                    .map(s -> "    - \"" + s + "\"")
                    .collect(Collectors.joining("\n"));
    return """
        apiVersion: config.ratify.sh/v2alpha1
        kind: %s
        metadata:
          name: %s
        %s
        spec:
          scopes: %s
          stores:
            - type: registry-store
              parameters:
                credential:
                  provider: static
          verifiers:
            - name: notation-1
              type: notation
              parameters:
                certificates:
                  - type: ca
                    inline: "PEM"
        ---
        """
        .formatted(kind, name, namespace.isEmpty() ? "" : "  namespace: " + namespace, list);
  }

  static String cluster(String name, String... scopes) {
    return executor("Executor", name, "", scopes);
  }

  static String ns(String namespace, String name, String... scopes) {
    return executor("NamespacedExecutor", name, namespace, scopes);
  }

  private static String route(ConfigSet set, String key) throws RatifyException {
    ExecutorConfig e = set.select(key);
    return e.namespace().map(n -> n + "/").orElse("") + e.name();
  }

  @Test
  void theMostSpecificScopeWins() throws Exception {
    ConfigSet set =
        ConfigLoader.parseSet(
            cluster("wild", "*.example.com")
                + cluster("registry", "registry.example.com", "ghcr.io")
                + cluster("repo", "registry.example.com/team/app", "ghcr.io/org/app"),
            "scopes.yaml");
    assertEquals("repo", route(set, "registry.example.com/team/app:v1"));
    assertEquals("repo", route(set, "ghcr.io/org/app@sha256:" + "a".repeat(64)));
    assertEquals("registry", route(set, "registry.example.com/team/other:v1"));
    assertEquals("registry", route(set, "ghcr.io/org/other"));
    assertEquals("wild", route(set, "other.example.com/team/app:v1"));
    // registries are case-insensitive
    assertEquals("wild", route(set, "OTHER.Example.COM/team/app:v1"));
  }

  @Test
  void aWildcardCoversExactlyOneMoreLabelAndNotThePortlessDomainItself() throws Exception {
    ConfigSet set = ConfigLoader.parseSet(cluster("wild", "*.azurecr.io"), "w.yaml");
    assertEquals("wild", route(set, "myregistry.azurecr.io/app:v1"));
    for (String key :
        List.of("azurecr.io/app:v1", "a.b.azurecr.io/app:v1", "myregistry.azurecr.io:5000/app")) {
      RatifyException e = assertThrows(RatifyException.class, () -> set.select(key), key);
      assertEquals(ErrorCode.EXECUTOR_FAILURE, e.code(), key);
    }
  }

  @Test
  void aSubjectNoScopeCoversFailsNamingIt() throws Exception {
    ConfigSet set = ConfigLoader.parseSet(cluster("only", "ghcr.io/org/app"), "one.yaml");
    RatifyException e =
        assertThrows(RatifyException.class, () -> set.select("docker.io/library/nginx:1"));
    assertEquals(ErrorCode.EXECUTOR_FAILURE, e.code());
    assertTrue(
        e.getMessage().contains("no executor configured for scope 'docker.io/library/nginx'"),
        e.getMessage());
  }

  @Test
  void theSameScopeClaimedTwiceIsAConfigurationErrorNamingBoth() {
    for (String[] pair :
        new String[][] {
          {"ghcr.io/org/app", "ghcr.io/org/app"},
          {"ghcr.io", "GHCR.io"},
          {"*.example.com", "*.example.com"},
          {"docker.io/library/nginx", "index.docker.io/library/nginx"}
        }) {
      RatifyException e =
          assertThrows(
              RatifyException.class,
              () -> ConfigLoader.parseSet(cluster("a", pair[0]) + cluster("b", pair[1]), "t.yaml"));
      assertEquals(ErrorCode.CONFIG_INVALID, e.code());
      assertTrue(
          e.getMessage().contains("Executor 'a'") && e.getMessage().contains("Executor 'b'"),
          e.getMessage());
    }
  }

  @Test
  void invalidScopesAreRefusedNamingDocumentAndField() {
    for (String scope :
        List.of(
            "*",
            "*.*.example.com",
            "registry.*.com",
            "ghcr.io/org/*",
            "ghcr.io/org/app:v1",
            "ghcr.io/org/app@sha256:" + "a".repeat(64),
            "ghcr.io/Org/App",
            " ghcr.io",
            "")) {
      RatifyException e =
          assertThrows(
              RatifyException.class,
              () ->
                  ConfigLoader.parseSet(cluster("ok", "ghcr.io") + cluster("bad", scope), "s.yaml"),
              scope);
      assertEquals(ErrorCode.CONFIG_INVALID, e.code(), scope);
      assertTrue(
          e.getMessage().contains("document 2 (Executor bad)")
              && e.getMessage().contains("spec.scopes[0]"),
          scope + ": " + e.getMessage());
    }
  }

  @Test
  void aNamespacedExecutorComesFirstThenTheCluster() throws Exception {
    ConfigSet set =
        ConfigLoader.parseSet(
            cluster("cluster", "*.azurecr.io", "ghcr.io")
                + ns("team-a", "team-a-acr", "*.azurecr.io")
                + ns("team-b", "team-b-ghcr", "ghcr.io/org/app"),
            "ns.yaml");
    assertEquals("team-a/team-a-acr", route(set, "[team-a]my.azurecr.io/app:v1"));
    // team-a has no scope for ghcr.io: the cluster's executor answers
    assertEquals("cluster", route(set, "[team-a]ghcr.io/org/app:v1"));
    assertEquals("team-b/team-b-ghcr", route(set, "[team-b]ghcr.io/org/app:v1"));
    assertEquals("cluster", route(set, "[team-b]ghcr.io/org/other:v1"));
    // cluster scope (no or empty namespace) never sees namespaced executors
    assertEquals("cluster", route(set, "my.azurecr.io/app:v1"));
    assertEquals("cluster", route(set, "[]my.azurecr.io/app:v1"));
    assertEquals("cluster", route(set, "[team-c]my.azurecr.io/app:v1"));
    RatifyException e =
        assertThrows(RatifyException.class, () -> set.select("[team-a]quay.io/x/y:v1"));
    assertEquals(ErrorCode.EXECUTOR_FAILURE, e.code());
    assertTrue(e.getMessage().contains("namespace 'team-a' or the cluster"), e.getMessage());
  }

  @Test
  void aNamespaceMayReuseAClusterScope() throws Exception {
    ConfigSet set =
        ConfigLoader.parseSet(cluster("c", "ghcr.io") + ns("a", "n", "ghcr.io"), "reuse.yaml");
    assertEquals("a/n", route(set, "[a]ghcr.io/x:v1"));
    assertEquals("c", route(set, "ghcr.io/x:v1"));
  }

  @Test
  void badRequestKeysAreReferenceErrors() throws Exception {
    ConfigSet set = ConfigLoader.parseSet(cluster("c", "ghcr.io"), "k.yaml");
    for (String key : List.of("[team-a", "[Team]ghcr.io/x", "[a b]ghcr.io/x", "ghcr.io/X", "")) {
      RatifyException e = assertThrows(RatifyException.class, () -> set.select(key), key);
      assertEquals(ErrorCode.REFERENCE_INVALID, e.code(), key);
    }
  }

  @Test
  void badDocumentsNameTheDocumentAndTheField() {
    record Bad(String text, String field) {}
    String good = cluster("ok", "ghcr.io");
    List<Bad> cases =
        List.of(
            new Bad(
                good
                    + """
                    apiVersion: config.ratify.sh/v2alpha1
                    kind: Executor
                    metadata: {name: x}
                    spec:
                      stores: [{type: registry-store, parameters: {credential: {provider: static}}}]
                      verifiers: [{name: n, type: notation}]
                    """,
                "field 'spec.scopes': is required"),
            new Bad(
                good
                    + """
                    apiVersion: config.ratify.sh/v2alpha1
                    kind: Executor
                    metadata: {name: x}
                    spec:
                      scopes: []
                      stores: [{type: registry-store, parameters: {credential: {provider: static}}}]
                      verifiers: [{name: n, type: notation}]
                    """,
                "field 'spec.scopes': must list at least one scope"),
            new Bad(
                good
                    + """
                    apiVersion: config.ratify.sh/v2alpha1
                    kind: Executor
                    metadata: {name: x}
                    spec:
                      scopes: [quay.io]
                      stores: [{type: registry-store, parameters: {credential: {provider: static}}}]
                      verifiers: []
                    """,
                "field 'spec.verifiers': must list at least one verifier"),
            new Bad(
                good
                    + """
                    apiVersion: config.ratify.sh/v3
                    kind: Executor
                    metadata: {name: x}
                    spec: {}
                    """,
                "field 'apiVersion'"),
            new Bad(
                good
                    + """
                    apiVersion: config.ratify.sh/v2alpha1
                    kind: NamespacedExecutor
                    metadata: {name: x}
                    spec: {scopes: [quay.io]}
                    """,
                "field 'metadata.namespace': is required"),
            new Bad(
                good
                    + """
                    apiVersion: config.ratify.sh/v2alpha1
                    kind: Executor
                    metadata: {name: x}
                    spec:
                      scopes: [quay.io]
                      stores: [{type: registry-store, parameters: {credential: {provider: static}}}]
                      verifiers: [{name: n, type: notation}]
                      bogus: 1
                    """,
                "field 'spec.bogus': unknown field"),
            new Bad(
                good
                    + """
                    apiVersion: config.ratify.sh/v2alpha1
                    kind: Store
                    metadata: {name: x}
                    spec: {}
                    """,
                "field 'kind'"));
    for (Bad b : cases) {
      RatifyException e =
          assertThrows(RatifyException.class, () -> ConfigLoader.parseSet(b.text(), "bad.yaml"));
      assertEquals(ErrorCode.CONFIG_INVALID, e.code(), b.field());
      assertTrue(
          e.getMessage().contains("bad.yaml, document 2") && e.getMessage().contains(b.field()),
          b.field() + " -> " + e.getMessage());
    }
  }

  @Test
  void theSingleConfigurationApiRefusesV2AndNamespacedDocuments() {
    RatifyException e =
        assertThrows(
            RatifyException.class, () -> ConfigLoader.parse(cluster("c", "ghcr.io"), "v2.yaml"));
    assertEquals(ErrorCode.CONFIG_INVALID, e.code());
    assertTrue(e.getMessage().contains("loadSet"), e.getMessage());
  }

  // ---- Ratify v1: namespaced kinds with per-kind fallback to the cluster

  private static final String V1 =
      """
      apiVersion: config.ratify.deislabs.io/v1beta1
      kind: KeyManagementProvider
      metadata: {name: cluster-kmp}
      spec: {type: inline, parameters: {contentType: certificate, value: PEM}}
      ---
      apiVersion: config.ratify.deislabs.io/v1beta1
      kind: Store
      metadata: {name: cluster-store}
      spec: {name: oras}
      ---
      apiVersion: config.ratify.deislabs.io/v1beta1
      kind: Verifier
      metadata: {name: cluster-verifier}
      spec: {name: notation, artifactTypes: application/vnd.cncf.notary.signature}
      ---
      apiVersion: config.ratify.deislabs.io/v1beta1
      kind: Policy
      metadata: {name: ratify-policy}
      spec: {type: config-policy, parameters: {artifactVerificationPolicies: {default: all}}}
      ---
      apiVersion: config.ratify.deislabs.io/v1beta1
      kind: NamespacedVerifier
      metadata: {name: a-verifier, namespace: team-a}
      spec: {name: notation, artifactTypes: application/vnd.cncf.notary.signature}
      ---
      apiVersion: config.ratify.deislabs.io/v1beta1
      kind: NamespacedKeyManagementProvider
      metadata: {name: a-kmp, namespace: team-a}
      spec: {type: inline, parameters: {contentType: certificate, value: PEM}}
      ---
      apiVersion: config.ratify.deislabs.io/v1beta1
      kind: NamespacedStore
      metadata: {name: b-store, namespace: team-b}
      spec: {name: oras, parameters: {useHttp: true}}
      ---
      apiVersion: config.ratify.deislabs.io/v1beta1
      kind: NamespacedPolicy
      metadata: {name: ratify-policy, namespace: team-c}
      spec: {type: config-policy, parameters: {artifactVerificationPolicies: {default: any}}}
      """;

  private static Map<String, List<String>> plugins(RatifyConfig c) {
    return Map.of(
        "stores", c.stores().stream().map(p -> p.name()).toList(),
        "verifiers", c.verifiers().stream().map(p -> p.name()).toList(),
        "kmps", c.keyManagementProviders().stream().map(p -> p.name()).toList());
  }

  @Test
  void v1NamespacedKindsFallBackToTheClusterKindByKind() throws Exception {
    ConfigSet set = ConfigLoader.parseSet(V1, "v1.yaml");
    RatifyConfig cluster = set.select("ghcr.io/x/y:v1").config();
    assertEquals(
        Map.of(
            "stores", List.of("cluster-store"),
            "verifiers", List.of("cluster-verifier"),
            "kmps", List.of("cluster-kmp")),
        plugins(cluster));

    // team-a: its own verifier; the cluster's store; its KMP (as team-a/a-kmp) and the cluster's
    RatifyConfig a = set.select("[team-a]ghcr.io/x/y:v1").config();
    assertEquals(
        Map.of(
            "stores", List.of("cluster-store"),
            "verifiers", List.of("a-verifier"),
            "kmps", List.of("cluster-kmp", "team-a/a-kmp")),
        plugins(a));
    assertEquals("all", policyDefault(a));

    // team-b: its own store, the cluster's verifier and KMP
    RatifyConfig b = set.select("[team-b]ghcr.io/x/y:v1").config();
    assertEquals(
        Map.of(
            "stores", List.of("b-store"),
            "verifiers", List.of("cluster-verifier"),
            "kmps", List.of("cluster-kmp")),
        plugins(b));
    assertEquals(Optional.of(true), Optional.of(b.stores().get(0).parameters().get("useHttp")));

    // team-c: only its policy is its own
    RatifyConfig c = set.select("[team-c]ghcr.io/x/y:v1").config();
    assertEquals(plugins(cluster), plugins(c));
    assertEquals("any", policyDefault(c));

    // a namespace with nothing of its own gets the cluster configuration
    assertEquals(cluster, set.select("[team-z]ghcr.io/x/y:v1").config());
  }

  @SuppressWarnings("unchecked")
  private static String policyDefault(RatifyConfig c) {
    Map<String, Object> p =
        (Map<String, Object>)
            c.policy().orElseThrow().parameters().get("artifactVerificationPolicies");
    return (String) p.get("default");
  }

  @Test
  void v1AndV2CannotShareALevel() {
    RatifyException e =
        assertThrows(
            RatifyException.class,
            () -> ConfigLoader.parseSet(cluster("c", "ghcr.io") + V1, "mixed.yaml"));
    assertEquals(ErrorCode.CONFIG_INVALID, e.code());
    assertTrue(e.getMessage().contains("cannot share the cluster level"), e.getMessage());
  }

  @Test
  void v1ClusterWithV2NamespacesIsFine() throws Exception {
    String v1Cluster = V1.substring(0, V1.indexOf("kind: NamespacedVerifier"));
    v1Cluster = v1Cluster.substring(0, v1Cluster.lastIndexOf("apiVersion"));
    ConfigSet set =
        ConfigLoader.parseSet(v1Cluster + "---\n" + ns("team-a", "a", "ghcr.io"), "both.yaml");
    assertEquals("team-a/a", route(set, "[team-a]ghcr.io/x:v1"));
    assertEquals("v1", route(set, "[team-a]quay.io/x:v1"));
    assertEquals("v1", route(set, "ghcr.io/x:v1"));
  }
}
