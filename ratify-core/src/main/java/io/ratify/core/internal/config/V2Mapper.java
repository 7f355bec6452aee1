package io.ratify.core.internal.config;

import io.ratify.api.RatifyException;
import io.ratify.core.config.ExecutorConfig;
import io.ratify.core.config.ExecutorLimits;
import io.ratify.core.config.RatifyConfig;
import io.ratify.core.internal.routing.Scope;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps Ratify v2 executors ({@code config.ratify.sh/v2alpha1} {@code Executor} and {@code
 * NamespacedExecutor} documents, or the {@code executors} list of v2's {@code config.json}) onto
 * our plugins. The built-in v2 types are translated: {@code registry-store} to {@code oras}, {@code
 * filesystem-oci-store} to {@code oci-layout}, {@code notation} (scopes, trusted identities and
 * in-place key providers) to {@code notation} with a trust policy document, key management
 * providers and certificate paths; {@code threshold-policy} is ours already. Any other type passes
 * through unchanged, so a missing one ({@code cosign}) fails with {@code PLUGIN_NOT_FOUND} naming
 * it when the executor is created. Every v2 parameter is either mapped or refused: none is dropped.
 * Besides v2's {@code concurrency}, a spec may bound the walk with {@code maxReferrers}, {@code
 * maxPages} and {@code maxArtifacts} (ours, with the ranges of {@link ExecutorLimits}).
 */
final class V2Mapper {
  static final String V2ALPHA1 = "config.ratify.sh/v2alpha1";

  /**
   * Accepted group versions: v2beta1 has the same executor shape; v2's chart templates and samples
   * have also rendered the group as config.ratify.dev.
   */
  static final Set<String> API_VERSIONS =
      Set.of(V2ALPHA1, "config.ratify.sh/v2beta1", "config.ratify.dev/v2alpha1");

  static final int MAX_SCOPES = 10_000;
  static final int MAX_PLUGINS = 64;

  private V2Mapper() {}

  /** v2's {@code config.json}: {@code {"executors": [ {scopes, stores, verifiers, ...}, ... ]}}. */
  static void configJson(Object tree, String origin, Path baseDirectory, ConfigAssembler out)
      throws RatifyException {
    Fields root = Fields.of(tree, origin, "", "a JSON object with executors");
    root.allowOnly(Set.of("executors"));
    List<?> list =
        root.list("executors").orElseThrow(() -> root.invalid("executors", "is required"));
    if (list.isEmpty()) {
      throw root.invalid("executors", "must list at least one executor");
    }
    for (int i = 0; i < list.size(); i++) {
      String at = "executors[" + i + "]";
      Fields spec = Fields.of(list.get(i), origin + ", " + at, "", "an executor mapping");
      out.executor(
          executor(spec, "executor-" + (i + 1), Optional.empty(), spec.origin(), baseDirectory));
    }
  }

  /** Maps one executor's {@code spec}. */
  static ExecutorConfig executor(
      Fields spec, String name, Optional<String> namespace, String origin, Path baseDirectory)
      throws RatifyException {
    Fields s = spec;
    s.allowOnly(
        Set.of(
            "scopes",
            "verifiers",
            "stores",
            "policyEnforcer",
            "concurrency",
            "maxReferrers",
            "maxPages",
            "maxArtifacts"));
    List<String> scopes = strings(s, "scopes", true);
    if (scopes.isEmpty()) {
      throw s.invalid("scopes", "must list at least one scope");
    }
    if (scopes.size() > MAX_SCOPES) {
      throw s.invalid("scopes", "lists more than " + MAX_SCOPES + " scopes");
    }
    for (int i = 0; i < scopes.size(); i++) {
      StringBuilder why = new StringBuilder();
      if (Scope.parse(scopes.get(i), why).isEmpty()) {
        throw s.invalid("scopes[" + i + "]", why + "; got '" + scopes.get(i) + "'");
      }
    }
    RatifyConfig.Builder b = RatifyConfig.builder().baseDirectory(baseDirectory);
    // v2 takes a concurrency of zero or below as "the default"
    Optional<Long> concurrency =
        s.integer("concurrency", Integer.MIN_VALUE, ExecutorLimits.CONCURRENCY_CEILING);
    b.concurrency(
        concurrency
            .filter(c -> c > 0)
            .map(Long::intValue)
            .orElse(ExecutorLimits.DEFAULT_CONCURRENCY));
    ConfigMappers.walkBounds(s, b);

    List<?> stores = s.list("stores").orElseThrow(() -> s.invalid("stores", "is required"));
    if (stores.isEmpty()) {
      throw s.invalid("stores", "must list at least one store");
    }
    if (stores.size() > 1) {
      throw s.invalid(
          "stores",
          "lists "
              + stores.size()
              + " stores; one store per executor is supported: split the scopes into one Executor"
              + " per store");
    }
    Fields store = Fields.of(stores.get(0), origin, "spec.stores[0]", "a store mapping");
    b.plugin(store(store, scopes, origin + ", spec.stores[0]"));

    List<?> verifiers =
        s.list("verifiers").orElseThrow(() -> s.invalid("verifiers", "is required"));
    if (verifiers.isEmpty()) {
      throw s.invalid("verifiers", "must list at least one verifier");
    }
    if (verifiers.size() > MAX_PLUGINS) {
      throw s.invalid("verifiers", "lists more than " + MAX_PLUGINS + " verifiers");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < verifiers.size(); i++) {
      String at = "spec.verifiers[" + i + "]";
      Fields v = Fields.of(verifiers.get(i), origin, at, "a verifier mapping with name and type");
      v.allowOnly(Set.of("name", "type", "parameters"));
      String vname = v.requiredString("name");
      if (!names.add(vname)) {
        throw v.invalid("name", "two verifiers are named '" + vname + "'");
      }
      String type = v.requiredString("type");
      Map<String, Object> params = v.parameters("parameters");
      String vorigin = origin + ", " + at + " (" + vname + ")";
      if (type.equals("notation")) {
        notation(new Fields(params, origin, at + ".parameters"), vname, vorigin, b);
      } else {
        b.plugin(new PluginConfig(PluginKind.VERIFIER, vname, type, params, vorigin));
      }
    }

    Optional<Fields> policy = s.fields("policyEnforcer", "a mapping with type and parameters");
    if (policy.isPresent()) {
      Fields p = policy.get();
      p.allowOnly(Set.of("type", "parameters"));
      String type = p.requiredString("type");
      b.plugin(
          new PluginConfig(
              PluginKind.POLICY,
              type,
              type,
              p.parameters("parameters"),
              origin + ", spec.policyEnforcer (" + type + ")"));
    }
    return new ExecutorConfig(name, namespace, scopes, b.build(), origin);
  }

  // ---- stores

  private static PluginConfig store(Fields store, List<String> executorScopes, String origin)
      throws RatifyException {
    store.allowOnly(Set.of("type", "parameters", "scopes", "scope"));
    String type = store.requiredString("type");
    for (String key : List.of("scopes", "scope")) {
      List<String> own = strings(store, key, false);
      if (!own.isEmpty() && !new HashSet<>(own).equals(new HashSet<>(executorScopes))) {
        throw store.invalid(
            key,
            "per-store scopes are not supported (one store per executor); move these scopes into"
                + " an Executor of their own");
      }
    }
    Map<String, Object> params = store.parameters("parameters");
    Fields p = new Fields(params, store.origin(), store.field("parameters"));
    return switch (type) {
      case "registry-store" ->
          new PluginConfig(
              PluginKind.STORE, "registry-store", "oras", registryStore(p, executorScopes), origin);
      case "filesystem-oci-store" -> {
        p.allowOnly(Set.of("path"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("path", p.requiredString("path"));
        yield new PluginConfig(PluginKind.STORE, "filesystem-oci-store", "oci-layout", out, origin);
      }
      default -> new PluginConfig(PluginKind.STORE, type, type, params, origin);
    };
  }

  private static Map<String, Object> registryStore(Fields p, List<String> scopes)
      throws RatifyException {
    p.allowOnly(
        Set.of(
            "plainHttp",
            "userAgent",
            "maxBlobBytes",
            "maxManifestBytes",
            "credential",
            "allowCosignTag",
            "caPem",
            "caBase64"));
    Map<String, Object> out = new LinkedHashMap<>();
    Optional<Object> plain = p.get("plainHttp");
    if (plain.isPresent()) {
      if (!(plain.get() instanceof Boolean)) {
        throw p.invalid("plainHttp", "expected true or false");
      }
      out.put("useHttp", plain.get());
    }
    String userAgent = optionalText(p, "userAgent");
    if (!userAgent.isEmpty()) {
      // checked (printable ASCII, bounded) by the oras store when it is created
      out.put("userAgent", userAgent);
    }
    for (String bound : List.of("maxBlobBytes", "maxManifestBytes")) {
      Optional<Long> n = p.integer(bound, 0, 1L << 30);
      if (n.isPresent() && n.get() > 0) {
        out.put(bound, n.get());
      }
    }
    Optional<Object> cosign = p.get("allowCosignTag");
    if (cosign.isPresent() && !Boolean.FALSE.equals(cosign.get())) {
      throw p.invalid(
          "allowCosignTag", "cosign signatures are not supported; remove it or set it to false");
    }
    String caPem = optionalText(p, "caPem");
    String caBase64 = optionalText(p, "caBase64");
    if (!caPem.isEmpty() || !caBase64.isEmpty()) {
      // as in Ratify v2, caPem wins when both are given
      String pem = caPem;
      if (pem.isEmpty()) {
        try {
          pem =
              new String(
                  Base64.getDecoder().decode(caBase64.replaceAll("\\s", "")),
                  StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          throw p.invalid("caBase64", "is not valid base64");
        }
      }
      out.put("caPem", pem);
    }
    Fields cred =
        p.fields("credential", "a mapping with provider")
            .orElseThrow(
                () -> p.invalid("credential", "is required ({provider: static|azure, ...})"));
    String provider = cred.requiredString("provider");
    switch (provider) {
      case "static" -> {
        cred.allowOnly(Set.of("provider", "username", "password"));
        String user = optionalText(cred, "username");
        String password = optionalText(cred, "password");
        if (user.isEmpty() && password.isEmpty()) {
          out.put("authProvider", Map.of("name", "anonymous"));
        } else {
          Map<String, Object> auth = new LinkedHashMap<>();
          auth.put("name", "static");
          auth.put("registry", staticRegistry(cred, scopes));
          if (user.isEmpty()) {
            // as in Ratify v2 (oras-go): without a user name the password is a refresh token
            auth.put("identityToken", password);
          } else {
            auth.put("username", user);
            auth.put("password", password);
          }
          out.put("authProvider", auth);
        }
      }
      case "azure" -> out.put("credential", azure(cred));
      default -> throw cred.invalid("provider", "expected static or azure, got '" + provider + "'");
    }
    return out;
  }

  /**
   * v2's Azure credential ({@code clientID}, {@code tenantID}, {@code identityBinding}) for our
   * {@code azure} credential provider. {@code identityBinding} is {@code {enabled: bool}} in v2 (a
   * bare boolean in earlier betas); enabled, it is refused: AKS identity binding trades the service
   * account token at a cluster-specific endpoint that AKS injects (its SNI name, CA and address in
   * environment variables), which our Entra workload and managed identity credentials do not
   * implement.
   */
  private static Map<String, Object> azure(Fields cred) throws RatifyException {
    Map<String, Object> out = cred.without(Set.of("identityBinding"));
    Optional<Object> binding = cred.get("identityBinding");
    if (binding.isEmpty()) {
      return out;
    }
    Object enabled = binding.get();
    String field = "identityBinding";
    if (enabled instanceof Map<?, ?>) {
      Fields b = cred.fields(field, "a mapping with enabled").orElseThrow();
      b.allowOnly(Set.of("enabled"));
      enabled = b.get("enabled").orElse(false);
      field = "identityBinding.enabled";
    }
    if (!(enabled instanceof Boolean on)) {
      throw cred.invalid(field, "expected true or false");
    }
    if (on) {
      throw cred.invalid(
          field,
          "AKS identity binding is not supported (its token exchange goes through an"
              + " endpoint AKS injects per cluster); use workload identity: remove it or set it to"
              + " false");
    }
    out.put("identityBinding", false);
    return out;
  }

  /**
   * The one registry static credentials go to: they are bound to a host so that they are never
   * offered to another registry.
   */
  private static String staticRegistry(Fields cred, List<String> scopes) throws RatifyException {
    Set<String> registries = new TreeSet<>();
    for (String text : scopes) {
      Scope scope = Scope.parse(text, new StringBuilder()).orElseThrow();
      if (scope.kind() == Scope.Kind.WILDCARD) {
        throw cred.invalid(
            "provider",
            "static credentials are bound to one registry, and scope '"
                + text
                + "' is a wildcard: list the registry itself or use provider azure");
      }
      String key = scope.key();
      int slash = key.indexOf('/');
      registries.add(slash < 0 ? key : key.substring(0, slash));
    }
    if (registries.size() != 1) {
      throw cred.invalid(
          "provider",
          "static credentials are bound to one registry, and the scopes span "
              + registries
              + ": give each registry an Executor of its own");
    }
    return registries.iterator().next();
  }

  // ---- notation

  private static final Set<String> TRUST_STORE_TYPES = Set.of("ca", "tsa", "signingAuthority");

  private static void notation(Fields p, String name, String origin, RatifyConfig.Builder b)
      throws RatifyException {
    p.allowOnly(Set.of("scopes", "trustedIdentities", "certificates"));
    List<String> scopes = strings(p, "scopes", false);
    List<String> identities = strings(p, "trustedIdentities", false);
    List<?> certs =
        p.list("certificates")
            .orElseThrow(() -> p.invalid("certificates", "is required (the trust stores)"));
    if (certs.isEmpty()) {
      throw p.invalid("certificates", "must list at least one trust store");
    }
    if (certs.size() > 3) {
      throw p.invalid("certificates", "lists more than the three trust-store types");
    }
    Map<String, Object> certStores = new LinkedHashMap<>();
    List<String> trustStores = new ArrayList<>();
    List<String> files = new ArrayList<>();
    String filesType = null;
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < certs.size(); i++) {
      Fields c =
          Fields.of(
              certs.get(i),
              p.origin(),
              p.field("certificates[" + i + "]"),
              "a mapping with type and a key provider (inline, files or azurekeyvault)");
      c.allowOnly(Set.of("type", "inline", "files", "azurekeyvault"));
      String type = c.string("type").orElse("ca");
      if (!TRUST_STORE_TYPES.contains(type)) {
        throw c.invalid("type", "expected ca, tsa or signingAuthority, got '" + type + "'");
      }
      if (!seen.add(type)) {
        throw c.invalid(
            "type", "trust-store type '" + type + "' is given twice; merge the entries");
      }
      List<String> providers = new ArrayList<>();
      Optional<String> inline = inline(c);
      if (inline.isPresent()) {
        String kmp = name + "." + type + ".inline";
        Map<String, Object> kp = new LinkedHashMap<>();
        kp.put("contentType", "certificate");
        kp.put("value", inline.get());
        b.plugin(
            new PluginConfig(
                PluginKind.KEY_MANAGEMENT_PROVIDER,
                kmp,
                "inline",
                kp,
                origin + " (in parameters.certificates[" + i + "].inline)"));
        providers.add(kmp);
      }
      Optional<Fields> akv = c.fields("azurekeyvault", "a mapping with vaultURL and certificates");
      if (akv.isPresent()) {
        Fields a = akv.get();
        a.allowOnly(Set.of("vaultURL", "clientID", "tenantID", "certificates", "keys"));
        if (!a.list("keys").orElse(List.of()).isEmpty()) {
          throw a.invalid(
              "keys", "notation trusts certificates only; list them under certificates");
        }
        if (a.list("certificates").orElse(List.of()).isEmpty()) {
          throw a.invalid("certificates", "must list at least one certificate");
        }
        String kmp = name + "." + type + ".azurekeyvault";
        Map<String, Object> kp = a.without(Set.of("keys"));
        kp.values().removeIf(v -> v instanceof String str && str.isEmpty());
        b.plugin(
            new PluginConfig(
                PluginKind.KEY_MANAGEMENT_PROVIDER,
                kmp,
                "azurekeyvault",
                kp,
                origin + " (in parameters.certificates[" + i + "].azurekeyvault)"));
        providers.add(kmp);
      }
      List<String> paths = strings(c, "files", false);
      if (c.has("files") && paths.isEmpty()) {
        throw c.invalid("files", "must list at least one file or directory");
      }
      if (!paths.isEmpty()) {
        if (filesType != null) {
          throw c.invalid(
              "files",
              "only one trust-store type per verifier can be read from files here (already "
                  + filesType
                  + "); give the others inline or azurekeyvault");
        }
        filesType = type;
        files.addAll(paths);
        trustStores.add(type + ":ratify-files");
      }
      if (providers.isEmpty() && paths.isEmpty()) {
        throw c.invalid("type", "names no key provider; add inline, files or azurekeyvault");
      }
      if (!providers.isEmpty()) {
        certStores.put(type, Map.of("ratify", providers));
        trustStores.add(type + ":ratify");
      }
    }
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("name", "default");
    policy.put("registryScopes", scopes.isEmpty() ? List.of("*") : scopes);
    policy.put("signatureVerification", Map.of("level", "strict"));
    policy.put("trustStores", trustStores);
    policy.put("trustedIdentities", identities.isEmpty() ? List.of("*") : identities);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("version", "1.0");
    doc.put("trustPolicies", List.of(policy));
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("trustPolicyDoc", doc);
    if (!certStores.isEmpty()) {
      params.put("verificationCertStores", certStores);
    }
    if (!files.isEmpty()) {
      params.put("verificationCerts", files);
    }
    b.plugin(new PluginConfig(PluginKind.VERIFIER, name, "notation", params, origin));
  }

  /**
   * The PEM of an inline key provider: a string (v2.0 betas) or {@code {certs: PEM}} (later
   * versions, which also allow {@code keys}, which notation cannot use).
   */
  private static Optional<String> inline(Fields c) throws RatifyException {
    Optional<Object> v = c.get("inline");
    if (v.isEmpty() || v.get() instanceof String) {
      return c.string("inline");
    }
    Fields m = c.fields("inline", "a PEM string or a mapping with certs").orElseThrow();
    m.allowOnly(Set.of("certs", "keys"));
    if (m.string("keys").isPresent()) {
      throw m.invalid("keys", "notation trusts certificates only; give them in certs");
    }
    return Optional.of(m.requiredString("certs"));
  }

  // ---- helpers

  private static String optionalText(Fields f, String key) throws RatifyException {
    Optional<Object> v = f.get(key);
    if (v.isEmpty()) {
      return "";
    }
    if (!(v.get() instanceof String s)) {
      throw f.invalid(key, "expected a string, got " + PluginConfig.describe(v.get()));
    }
    return s.strip();
  }

  private static List<String> strings(Fields f, String key, boolean required)
      throws RatifyException {
    Optional<List<?>> l = f.list(key);
    if (l.isEmpty()) {
      if (required) {
        throw f.invalid(key, "is required");
      }
      return List.of();
    }
    List<String> out = new ArrayList<>();
    Set<String> unique = new LinkedHashSet<>();
    for (int i = 0; i < l.get().size(); i++) {
      Object o = l.get().get(i);
      if (!(o instanceof String s) || s.isBlank()) {
        throw f.invalid(
            key + "[" + i + "]", "expected a non-empty string, got " + PluginConfig.describe(o));
      }
      if (!unique.add(s)) {
        throw f.invalid(key + "[" + i + "]", "'" + s + "' is listed twice");
      }
      out.add(s);
    }
    return out;
  }
}
