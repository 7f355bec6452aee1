package io.ratify.core.internal.config;

import io.ratify.api.RatifyException;
import io.ratify.core.config.ExecutorLimits;
import io.ratify.core.config.RatifyConfig;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps parsed documents (Kubernetes-style resources, or Ratify's {@code config.json}) onto {@link
 * RatifyConfig}.
 */
public final class ConfigMappers {
  static final String GROUP = "config.ratify.deislabs.io/";
  static final String V1BETA1 = GROUP + "v1beta1";
  static final String V1ALPHA1 = GROUP + "v1alpha1";

  private ConfigMappers() {}

  // ---- Kubernetes-style resources

  /** Adds each resource document to {@code out}. Empty documents are skipped. */
  public static void kubernetes(
      List<TextReaders.Document> docs, String origin, Path baseDirectory, ConfigAssembler out)
      throws RatifyException {
    int resources = 0;
    for (TextReaders.Document d : docs) {
      if (d.tree() == null) {
        continue;
      }
      resources++;
      resource(d.tree(), origin + ", document " + d.index(), baseDirectory, out);
    }
    if (resources == 0) {
      throw Fields.invalid(origin, "", "no configuration resources found");
    }
  }

  private static void resource(
      Object tree, String docOrigin, Path baseDirectory, ConfigAssembler out)
      throws RatifyException {
    Fields doc =
        Fields.of(tree, docOrigin, "", "a resource with apiVersion, kind, metadata and spec");
    String apiVersion = doc.requiredString("apiVersion");
    boolean v2 = V2Mapper.API_VERSIONS.contains(apiVersion);
    if (!v2 && !apiVersion.equals(V1BETA1) && !apiVersion.equals(V1ALPHA1)) {
      throw doc.invalid(
          "apiVersion",
          "expected "
              + V1BETA1
              + ", "
              + V1ALPHA1
              + " or "
              + V2Mapper.V2ALPHA1
              + ", got '"
              + apiVersion
              + "'");
    }
    String kind = doc.requiredString("kind");
    Fields metadata =
        doc.fields("metadata", "a mapping with name")
            .orElseThrow(() -> doc.invalid("metadata", "is required"));
    String name = metadata.requiredString("name");
    Optional<String> namespace = metadata.string("namespace");
    String origin = docOrigin + " (" + kind + " " + name + ")";
    Fields top = new Fields(asMap(tree), origin, "");
    top.allowOnly(Set.of("apiVersion", "kind", "metadata", "spec", "status"));
    Fields spec =
        top.fields("spec", "a mapping").orElseThrow(() -> top.invalid("spec", "is required"));
    boolean namespaced = kind.startsWith("Namespaced");
    if (namespaced && namespace.isEmpty()) {
      throw top.invalid(
          "metadata.namespace",
          "is required for a " + kind + " (it names the namespace it serves)");
    }
    if (v2) {
      if (!kind.equals("Executor") && !kind.equals("NamespacedExecutor")) {
        throw top.invalid(
            "kind",
            "unknown kind '"
                + kind
                + "' in "
                + apiVersion
                + "; expected Executor or NamespacedExecutor");
      }
      out.executor(
          V2Mapper.executor(
              spec, name, namespaced ? namespace : Optional.empty(), origin, baseDirectory));
      return;
    }
    if (namespaced && !apiVersion.equals(V1BETA1)) {
      throw top.invalid("apiVersion", kind + " exists only in " + V1BETA1);
    }
    PluginConfig plugin = v1Plugin(kind, name, apiVersion, top, spec, origin);
    if (namespaced) {
      out.namespacedPlugin(namespace.get(), plugin);
    } else {
      out.clusterPlugin(plugin);
    }
  }

  private static PluginConfig v1Plugin(
      String kind, String name, String apiVersion, Fields top, Fields spec, String origin)
      throws RatifyException {
    boolean namespaced = kind.startsWith("Namespaced");
    String base = namespaced ? kind.substring("Namespaced".length()) : kind;
    switch (base) {
      case "Store" -> {
        spec.allowOnly(
            Set.of("name", "type", "provider", "version", "parameters", "address", "source"));
        rejectExternal(spec);
        return new PluginConfig(
            PluginKind.STORE, name, typeOf(spec), spec.parameters("parameters"), origin);
      }
      case "Verifier" -> {
        spec.allowOnly(
            Set.of(
                "name",
                "type",
                "provider",
                "version",
                "artifactTypes",
                "parameters",
                "address",
                "source"));
        rejectExternal(spec);
        Map<String, Object> params = spec.parameters("parameters");
        Object artifactTypes =
            spec.get("artifactTypes")
                .orElseThrow(() -> spec.invalid("artifactTypes", "is required"));
        if (!(artifactTypes instanceof String)
            && !(artifactTypes instanceof List<?> l
                && l.stream().allMatch(String.class::isInstance))) {
          throw spec.invalid(
              "artifactTypes",
              "expected a string (comma-separated) or a list of strings, got "
                  + PluginConfig.describe(artifactTypes));
        }
        if (params.containsKey("artifactTypes")) {
          throw spec.invalid(
              "parameters.artifactTypes", "is given twice; keep spec.artifactTypes only");
        }
        params.put("artifactTypes", artifactTypes);
        return new PluginConfig(PluginKind.VERIFIER, name, typeOf(spec), params, origin);
      }
      case "Policy" -> {
        spec.allowOnly(Set.of("type", "provider", "name", "parameters"));
        return new PluginConfig(
            PluginKind.POLICY, name, typeOf(spec), spec.parameters("parameters"), origin);
      }
      case "KeyManagementProvider", "CertificateStore" -> {
        if (base.equals("KeyManagementProvider") && !apiVersion.equals(V1BETA1)) {
          throw top.invalid("apiVersion", kind + " exists only in " + V1BETA1);
        }
        spec.allowOnly(Set.of("type", "provider", "name", "refreshInterval", "parameters"));
        Map<String, Object> params = spec.parameters("parameters");
        Optional<String> refresh = spec.string("refreshInterval");
        if (refresh.isPresent()) {
          params.putIfAbsent("refreshInterval", refresh.get());
        }
        return new PluginConfig(
            PluginKind.KEY_MANAGEMENT_PROVIDER, name, typeOf(spec), params, origin);
      }
      default ->
          throw top.invalid(
              "kind",
              "unknown kind '"
                  + kind
                  + "'; expected KeyManagementProvider, Store, Verifier or Policy (or their"
                  + " Namespaced forms), or Executor in "
                  + V2Mapper.V2ALPHA1);
    }
  }

  /**
   * {@code spec.type}, else its alias {@code spec.provider}, else {@code spec.name} (as Ratify
   * does).
   */
  private static String typeOf(Fields spec) throws RatifyException {
    Optional<String> type = spec.string("type");
    Optional<String> provider = spec.string("provider");
    if (type.isPresent() && provider.isPresent() && !type.get().equals(provider.get())) {
      throw spec.invalid(
          "provider",
          "is an alias of type, and the two differ ('"
              + type.get()
              + "', '"
              + provider.get()
              + "')");
    }
    Optional<String> name = spec.string("name");
    return type.or(() -> provider)
        .or(() -> name)
        .orElseThrow(() -> spec.invalid("type", "is required (or its alias provider, or name)"));
  }

  private static void rejectExternal(Fields spec) throws RatifyException {
    for (String f : List.of("address", "source")) {
      if (spec.has(f)) {
        throw spec.invalid(
            f,
            "external plugin binaries are not supported; plugins are Java classes on the class path");
      }
    }
    spec.string("version");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object tree) {
    return (Map<String, Object>) tree;
  }

  // ---- Ratify's config.json

  /** Maps a {@code config.json} tree onto {@code out}. */
  public static void configJson(
      Object tree, String origin, Path baseDirectory, ConfigAssembler assembler)
      throws RatifyException {
    if (tree instanceof Map<?, ?> m && m.containsKey("executors")) {
      V2Mapper.configJson(tree, origin, baseDirectory, assembler);
      return;
    }
    RatifyConfig.Builder out = assembler.cluster(origin);
    Fields root =
        Fields.of(
            tree, origin, "", "a JSON object with store, policy, verifier and executor sections");
    root.allowOnly(
        Set.of(
            "store", "policy", "verifier", "executor", "keyManagementProviders", "logger", "crl"));
    Fields store =
        root.fields("store", "a mapping with plugins")
            .orElseThrow(() -> root.invalid("store", "is required"));
    plugins(store, PluginKind.STORE, origin, "store", false, out);
    Fields verifier =
        root.fields("verifier", "a mapping with plugins")
            .orElseThrow(() -> root.invalid("verifier", "is required"));
    plugins(verifier, PluginKind.VERIFIER, origin, "verifier", false, out);
    Optional<Fields> kmps = root.fields("keyManagementProviders", "a mapping with plugins");
    if (kmps.isPresent()) {
      plugins(
          kmps.get(),
          PluginKind.KEY_MANAGEMENT_PROVIDER,
          origin,
          "keyManagementProviders",
          true,
          out);
    }
    Optional<Fields> policy = root.fields("policy", "a mapping with plugin");
    if (policy.isPresent()) {
      policy.get().allowOnly(Set.of("version", "plugin"));
      policy.get().string("version");
      Fields plugin =
          policy
              .get()
              .fields("plugin", "a mapping with name")
              .orElseThrow(() -> policy.get().invalid("plugin", "is required"));
      String type = plugin.requiredString("name");
      out.plugin(
          new PluginConfig(
              PluginKind.POLICY,
              type,
              type,
              plugin.without(Set.of("name")),
              origin + ", policy.plugin (" + type + ")"));
    }
    Optional<Fields> executor = root.fields("executor", "a mapping");
    if (executor.isPresent()) {
      Fields e = executor.get();
      e.allowOnly(
          Set.of(
              "verificationRequestTimeout",
              "mutationRequestTimeout",
              "concurrency",
              "maxDepth",
              "maxReferrers",
              "maxPages",
              "maxArtifacts"));
      long timeoutCeiling = ExecutorLimits.TIMEOUT_CEILING.toMillis();
      Optional<Long> timeout = e.integer("verificationRequestTimeout", 1, timeoutCeiling);
      if (timeout.isPresent()) {
        out.timeout(Duration.ofMillis(timeout.get()));
      }
      e.integer("mutationRequestTimeout", 1, timeoutCeiling);
      e.integer("concurrency", 1, ExecutorLimits.CONCURRENCY_CEILING)
          .ifPresent(n -> out.concurrency(n.intValue()));
      e.integer("maxDepth", 0, ExecutorLimits.MAX_DEPTH_CEILING)
          .ifPresent(n -> out.maxDepth(n.intValue()));
      walkBounds(e, out);
    }
  }

  /**
   * Reads the bounds of the referrer walk ({@code maxReferrers}, {@code maxPages}, {@code
   * maxArtifacts}) from an executor's section, in the ranges of {@link ExecutorLimits}.
   */
  static void walkBounds(Fields section, RatifyConfig.Builder out) throws RatifyException {
    section
        .integer("maxReferrers", 1, ExecutorLimits.MAX_REFERRERS_CEILING)
        .ifPresent(n -> out.maxReferrers(n.intValue()));
    section
        .integer("maxPages", 1, ExecutorLimits.MAX_PAGES_CEILING)
        .ifPresent(n -> out.maxPages(n.intValue()));
    section
        .integer("maxArtifacts", 1, ExecutorLimits.MAX_ARTIFACTS_CEILING)
        .ifPresent(n -> out.maxArtifacts(n.intValue()));
  }

  private static void plugins(
      Fields section,
      PluginKind kind,
      String origin,
      String path,
      boolean typeRequired,
      RatifyConfig.Builder out)
      throws RatifyException {
    section.allowOnly(Set.of("version", "pluginBinDirs", "plugins"));
    section.string("version");
    section.list("pluginBinDirs");
    List<?> plugins =
        section.list("plugins").orElseThrow(() -> section.invalid("plugins", "is required"));
    for (int i = 0; i < plugins.size(); i++) {
      String at = path + ".plugins[" + i + "]";
      Fields p = Fields.of(plugins.get(i), origin, at, "a plugin mapping with name");
      String name = p.requiredString("name");
      Optional<String> type = p.string("type");
      if (typeRequired && type.isEmpty()) {
        throw p.invalid("type", "is required");
      }
      // Ratify's config.json names a plugin by its type; "type" lets two plugins of one type
      // coexist
      out.plugin(
          new PluginConfig(
              kind,
              name,
              type.orElse(name),
              p.without(Set.of("name", "type")),
              origin + ", " + at + " (" + name + ")"));
    }
  }
}
