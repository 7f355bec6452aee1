package io.ratify.notation.internal.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratify.api.internal.json.JsonMappers;
import io.ratify.api.internal.parse.BoundedFiles;
import io.ratify.notation.internal.Check;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated Notary Project trust policy document, version {@code 1.0}: either an OCI document
 * (statements with registry scopes) or a blob document (statements chosen by name or a single
 * global statement).
 *
 * <p>Every rule of notation-go's validation applies, with notation-go's messages (prefixed as
 * notation-go prefixes them, e.g. {@code oci trust policy: ...}). Where notation-go accepts what
 * the specification forbids, this follows notation-go so that documents notation accepts keep
 * working: a {@code skip} statement may use the {@code *} scope, and a repeated trust store is
 * ignored rather than refused.
 *
 * @param kind OCI or blob
 * @param version the document version (always {@code 1.0})
 * @param statements the statements, in document order
 */
public record TrustPolicyDocument(
    Kind kind, String version, List<TrustPolicyStatement> statements) {
  /** Where to read how to write a trust policy (notation's link). */
  public static final String TRUST_POLICY_LINK =
      "https://notaryproject.dev/docs/quickstart/#create-a-trust-policy";

  /** Upper bound on a trust policy file. */
  public static final int MAX_DOCUMENT_BYTES = 1 << 20;

  private static final int MAX_STATEMENTS = 1024;
  private static final int MAX_LIST = 1024;
  private static final List<String> VALIDATION_TYPES =
      List.of("integrity", "authenticity", "authenticTimestamp", "expiry", "revocation");
  private static final Pattern DOMAIN =
      Pattern.compile(
          "^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))+)?(?::[0-9]+)?$");
  private static final Pattern REPOSITORY =
      Pattern.compile(
          "^[a-z0-9]+(?:(?:(?:[._]|__|[-]*)[a-z0-9]+)+)?(?:(?:/[a-z0-9]+(?:(?:(?:[._]|__|[-]*)[a-z0-9]+)+)?)+)?$");
  // the kit's one JSON set-up; stricter than notation-go's encoding/json in one way: a duplicate
  // key is an error instead of the last one silently winning
  private static final ObjectMapper JSON = JsonMappers.strict();

  /** The two document kinds. */
  public enum Kind {
    OCI("oci"),
    BLOB("blob");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** {@code oci} or {@code blob}, as notation's messages name them. */
    public String label() {
      return label;
    }
  }

  public TrustPolicyDocument {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(version, "version");
    statements = List.copyOf(statements);
  }

  /**
   * Reads and validates a document from a parameter tree (maps, lists and scalars as a YAML or JSON
   * parser makes them). Unknown fields are ignored; field names also match case-insensitively, as
   * Go's JSON decoding does.
   */
  public static TrustPolicyDocument fromTree(Kind kind, Object tree)
      throws InvalidTrustPolicyException {
    Objects.requireNonNull(kind, "kind");
    Map<String, Object> root = asMap(tree, "the document");
    String version = string(root, "version", "version").orElse("");
    List<Object> rawStatements = list(root, "trustPolicies", "trustPolicies").orElse(List.of());
    if (rawStatements.size() > MAX_STATEMENTS) {
      throw new InvalidTrustPolicyException(
          kind.label
              + " trust policy document has more than "
              + MAX_STATEMENTS
              + " trust policy statements");
    }
    if (version.isEmpty()) {
      throw new InvalidTrustPolicyException(
          kind.label + " trust policy document has empty version, version must be specified");
    }
    if (!version.equals("1.0")) {
      throw new InvalidTrustPolicyException(
          kind.label + " trust policy document uses unsupported version " + GoText.quote(version));
    }
    if (rawStatements.isEmpty()) {
      throw new InvalidTrustPolicyException(
          kind.label + " trust policy document can not have zero trust policy statements");
    }
    List<TrustPolicyStatement> statements = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < rawStatements.size(); i++) {
      String at = "trustPolicies[" + i + "]";
      Map<String, Object> st = asMap(rawStatements.get(i), at);
      String name = string(st, "name", at + ".name").orElse("");
      if (!names.add(name)) {
        throw new InvalidTrustPolicyException(
            "multiple "
                + kind.label
                + " trust policy statements use the same name "
                + GoText.quote(name)
                + ", statement names must be unique");
      }
      statements.add(statement(kind, st, name, at));
    }
    if (kind == Kind.OCI) {
      validateRegistryScopes(statements);
    } else {
      long globals = statements.stream().filter(TrustPolicyStatement::globalPolicy).count();
      if (globals > 1) {
        throw new InvalidTrustPolicyException(
            "multiple blob trust policy statements have globalPolicy set to true, only one trust policy statement can be marked as global policy");
      }
    }
    return new TrustPolicyDocument(kind, version, statements);
  }

  /**
   * Reads and validates a JSON document; malformed JSON gets notation's "malformed trust policy"
   * message.
   */
  public static TrustPolicyDocument fromJson(Kind kind, byte[] json)
      throws InvalidTrustPolicyException {
    if (json.length > MAX_DOCUMENT_BYTES) {
      throw new InvalidTrustPolicyException(
          "trust policy is larger than " + MAX_DOCUMENT_BYTES + " bytes");
    }
    Object tree;
    try {
      tree = JSON.readValue(json, Object.class);
    } catch (JsonProcessingException e) {
      throw new InvalidTrustPolicyException(
          "malformed trust policy. To create a trust policy, see: " + TRUST_POLICY_LINK);
    } catch (IOException e) {
      throw new InvalidTrustPolicyException("trust policy could not be read: " + e.getMessage());
    }
    return fromTree(kind, tree);
  }

  /**
   * Reads and validates a JSON file, which must be a regular file (not a symlink) of bounded size.
   * The file is opened without following a link ({@link BoundedFiles}), so a link swapped in after
   * the check is refused too, and the bound holds while reading.
   */
  public static TrustPolicyDocument fromFile(Kind kind, Path path)
      throws InvalidTrustPolicyException {
    byte[] bytes;
    try {
      bytes = BoundedFiles.read(path, MAX_DOCUMENT_BYTES, BoundedFiles.Links.REFUSE);
    } catch (NoSuchFileException e) {
      throw new InvalidTrustPolicyException(
          "trust policy is not present. To create a trust policy, see: " + TRUST_POLICY_LINK);
    } catch (BoundedFiles.NotRegularFileException e) {
      throw new InvalidTrustPolicyException(
          "trust policy is not a regular file (symlinks are not supported). To create a trust policy, see: "
              + TRUST_POLICY_LINK);
    } catch (BoundedFiles.TooLargeException e) {
      throw new InvalidTrustPolicyException(
          "trust policy is larger than " + MAX_DOCUMENT_BYTES + " bytes");
    } catch (IOException e) {
      throw new InvalidTrustPolicyException(
          "unable to read trust policy " + path + ": " + e.getMessage());
    }
    return fromJson(kind, bytes);
  }

  /**
   * The statement that applies to an artifact {@code registry/repository@digest}: the statement
   * whose scopes list the repository exactly, else the {@code *} statement (OCI documents only).
   *
   * @throws InvalidTrustPolicyException with notation's message when the reference is unusable or
   *     nothing applies
   */
  public TrustPolicyStatement applicableTo(String artifactReference)
      throws InvalidTrustPolicyException {
    return applicableTo(List.of(artifactReference));
  }

  /**
   * Like {@link #applicableTo(String)} for several spellings of one artifact (e.g. {@code
   * docker.io/local/app@…} and {@code local/app@…}): an exact scope match for any spelling, in
   * order, beats {@code *}. Messages name the first.
   */
  public TrustPolicyStatement applicableTo(List<String> artifactReferences)
      throws InvalidTrustPolicyException {
    if (kind != Kind.OCI) {
      throw new IllegalStateException("registry scopes select statements of OCI documents only");
    }
    if (artifactReferences.isEmpty()) {
      throw new IllegalArgumentException("no artifact reference");
    }
    List<String> paths = new ArrayList<>();
    for (String ref : artifactReferences) {
      int at = ref.lastIndexOf('@');
      if (at < 0) {
        throw new InvalidTrustPolicyException(
            "artifact URI "
                + GoText.quote(ref)
                + " could not be parsed, make sure it is the fully qualified oci artifact URI without the scheme/protocol. e.g domain.com:80/my/repository@sha256:digest");
      }
      String path = ref.substring(0, at);
      validateScopeFormat(path);
      paths.add(path);
    }
    TrustPolicyStatement wildcard = null;
    for (String path : paths) {
      for (TrustPolicyStatement s : statements) {
        if (s.registryScopes().contains(TrustPolicyStatement.WILDCARD)) {
          wildcard = s;
        } else if (s.registryScopes().contains(path)) {
          return s;
        }
      }
    }
    if (wildcard != null) {
      return wildcard;
    }
    throw new InvalidTrustPolicyException(
        "artifact "
            + GoText.quote(artifactReferences.get(0))
            + " has no applicable oci trust policy statement. Trust policy applicability for a given artifact is determined by"
            + " registryScopes. To create a trust policy, see: "
            + TRUST_POLICY_LINK);
  }

  /**
   * The blob statement with this name, or the global statement when no name is given (blob
   * documents only).
   */
  public TrustPolicyStatement blobPolicy(Optional<String> name) throws InvalidTrustPolicyException {
    if (kind != Kind.BLOB) {
      throw new IllegalStateException("only blob documents select statements by name");
    }
    for (TrustPolicyStatement s : statements) {
      if (name.map(n -> n.equals(s.name())).orElse(s.globalPolicy())) {
        return s;
      }
    }
    throw new InvalidTrustPolicyException(
        name.map(n -> "no applicable blob trust policy with name " + GoText.quote(n))
            .orElse("no global blob trust policy statement is configured, specify a policy name"));
  }

  // ---- statement validation (notation's validatePolicyCore order) ----

  private static TrustPolicyStatement statement(
      Kind kind, Map<String, Object> st, String name, String at)
      throws InvalidTrustPolicyException {
    String prefix = kind.label + " trust policy: ";
    if (name.isEmpty()) {
      throw new InvalidTrustPolicyException(
          prefix + "a trust policy statement is missing a name, every statement requires a name");
    }
    Map<String, Object> sv =
        optionalMap(st, "signatureVerification", at + ".signatureVerification");
    SignatureVerification verification;
    try {
      verification = signatureVerification(sv, at + ".signatureVerification");
    } catch (LevelException e) {
      throw new InvalidTrustPolicyException(
          prefix
              + "trust policy statement "
              + GoText.quote(name)
              + " has invalid signatureVerification: "
              + e.getMessage());
    }
    List<String> stores = strings(st, "trustStores", at + ".trustStores");
    List<String> identities = strings(st, "trustedIdentities", at + ".trustedIdentities");
    List<String> scopes =
        kind == Kind.OCI ? strings(st, "registryScopes", at + ".registryScopes") : List.of();
    boolean global = kind == Kind.BLOB && bool(st, "globalPolicy", at + ".globalPolicy");
    List<TrustStoreRef> refs = new ArrayList<>();
    List<TrustedIdentity> x509 = new ArrayList<>();
    if (verification.skipsVerification()) {
      if (!stores.isEmpty() || !identities.isEmpty()) {
        throw new InvalidTrustPolicyException(
            prefix
                + "trust policy statement "
                + GoText.quote(name)
                + " is set to skip signature verification but configured with trust stores and/or trusted identities, remove them"
                + " if signature verification needs to be skipped");
      }
    } else {
      if (stores.isEmpty() || identities.isEmpty()) {
        throw new InvalidTrustPolicyException(
            prefix
                + "trust policy statement "
                + GoText.quote(name)
                + " is either missing trust stores or trusted identities, both must be specified");
      }
      for (String store : stores) {
        refs.add(trustStore(prefix, name, store));
      }
      x509.addAll(identities(prefix, name, identities));
    }
    return new TrustPolicyStatement(name, scopes, verification, refs, identities, x509, global);
  }

  private static final class LevelException extends Exception {
    private static final long serialVersionUID = 1L;

    LevelException(String message) {
      super(message);
    }
  }

  private static SignatureVerification signatureVerification(Map<String, Object> sv, String at)
      throws LevelException, InvalidTrustPolicyException {
    String levelName = string(sv, "level", at + ".level").orElse("");
    if (levelName.isEmpty()) {
      throw new LevelException(
          "signature verification level is empty or missing in the trust policy statement");
    }
    VerificationLevel level =
        VerificationLevel.fromValue(levelName)
            .orElseThrow(
                () ->
                    new LevelException(
                        "invalid signature verification level " + GoText.quote(levelName)));
    EnumMap<Check, ValidationAction> actions = new EnumMap<>(Check.class);
    for (Check c : Check.values()) {
      actions.put(c, level.defaultAction(c));
    }
    Map<String, Object> override = optionalMap(sv, "override", at + ".override");
    if (!override.isEmpty() && level == VerificationLevel.SKIP) {
      throw new LevelException(
          "signature verification level "
              + GoText.quote(level.value())
              + " can't be used to customize signature verification");
    }
    for (Map.Entry<String, Object> e : override.entrySet()) {
      String key = e.getKey();
      if (!(e.getValue() instanceof String value)) {
        throw malformed(at + ".override." + key, "a string");
      }
      if (!VALIDATION_TYPES.contains(key)) {
        throw new LevelException(
            "verification type "
                + GoText.quote(key)
                + " in custom signature verification is not supported, supported values are "
                + goQuotedList(VALIDATION_TYPES));
      }
      ValidationAction action =
          ValidationAction.fromValue(value)
              .orElseThrow(
                  () ->
                      new LevelException(
                          "verification action "
                              + GoText.quote(value)
                              + " in custom signature verification is not supported, supported values are "
                              + goQuotedList(List.of("enforce", "log", "skip"))));
      if (key.equals("integrity")) {
        throw new LevelException(
            GoText.quote(key)
                + " verification can not be overridden in custom signature verification");
      }
      if (!key.equals("revocation") && action == ValidationAction.SKIP) {
        throw new LevelException(
            GoText.quote(key)
                + " verification can not be skipped in custom signature verification");
      }
      for (Check c : Check.values()) {
        if (c.policyName().equals(key)) {
          actions.put(c, action);
        }
      }
    }
    String ts = string(sv, "verifyTimestamp", at + ".verifyTimestamp").orElse("");
    VerifyTimestamp verifyTimestamp =
        switch (ts) {
          case "", "always" -> VerifyTimestamp.ALWAYS;
          case "afterCertExpiry" -> VerifyTimestamp.AFTER_CERT_EXPIRY;
          default ->
              throw new LevelException(
                  "verifyTimestamp must be \"always\" or \"afterCertExpiry\", but got "
                      + GoText.quote(ts));
        };
    return new SignatureVerification(level, actions, verifyTimestamp);
  }

  private static TrustStoreRef trustStore(String prefix, String statement, String value)
      throws InvalidTrustPolicyException {
    int colon = value.indexOf(':');
    if (colon < 0) {
      throw new InvalidTrustPolicyException(
          prefix
              + "trust policy statement "
              + GoText.quote(statement)
              + " has malformed trust store value "
              + GoText.quote(value)
              + ". The required format is <TrustStoreType>:<TrustStoreName>");
    }
    String type = value.substring(0, colon);
    String name = value.substring(colon + 1);
    Optional<TrustStoreType> t = TrustStoreType.fromValue(type);
    if (t.isEmpty()) {
      throw new InvalidTrustPolicyException(
          prefix
              + "trust policy statement "
              + GoText.quote(statement)
              + " uses an unsupported trust store type "
              + GoText.quote(type)
              + " in trust store value "
              + GoText.quote(value));
    }
    if (!TrustStoreRef.isValidName(name)) {
      throw new InvalidTrustPolicyException(
          prefix
              + "trust policy statement "
              + GoText.quote(statement)
              + " uses an unsupported trust store name "
              + GoText.quote(name)
              + " in trust store value "
              + GoText.quote(value)
              + ". Named store name needs to follow [a-zA-Z0-9_.-]+ format");
    }
    return new TrustStoreRef(t.get(), name);
  }

  private static List<TrustedIdentity> identities(
      String prefix, String statement, List<String> identities) throws InvalidTrustPolicyException {
    String q = GoText.quote(statement);
    if (identities.size() > 1 && identities.contains(TrustPolicyStatement.WILDCARD)) {
      throw new InvalidTrustPolicyException(
          prefix
              + "trust policy statement "
              + q
              + " uses a wildcard trusted identity '*', a wildcard identity cannot be used in conjunction with other values");
    }
    List<TrustedIdentity> parsed = new ArrayList<>();
    for (String identity : identities) {
      if (identity.isEmpty()) {
        throw new InvalidTrustPolicyException(
            prefix + "trust policy statement " + q + " has an empty trusted identity");
      }
      if (identity.equals(TrustPolicyStatement.WILDCARD)) {
        continue;
      }
      int colon = identity.indexOf(':');
      if (colon < 0) {
        throw new InvalidTrustPolicyException(
            prefix
                + "trust policy statement "
                + q
                + " has trusted identity "
                + GoText.quote(identity)
                + " missing separator");
      }
      // Other prefixes are for verification plugins; notation ignores them and so does this
      // verifier.
      if (identity.substring(0, colon).equals(TrustedIdentity.X509_SUBJECT)) {
        String value = identity.substring(colon + 1);
        if (value.isEmpty()) {
          throw new InvalidTrustPolicyException(
              prefix
                  + "trust policy statement "
                  + q
                  + " has trusted identity "
                  + GoText.quote(identity)
                  + " without an identity value");
        }
        try {
          parsed.add(new TrustedIdentity(identity, DistinguishedName.parse(value)));
        } catch (InvalidTrustPolicyException e) {
          throw new InvalidTrustPolicyException(
              prefix
                  + "trust policy statement "
                  + q
                  + " has trusted identity "
                  + GoText.quote(identity)
                  + " with invalid identity value: "
                  + e.getMessage());
        }
      }
    }
    for (int i = 0; i < parsed.size(); i++) {
      for (int j = 0; j < parsed.size(); j++) {
        if (i != j && parsed.get(i).subject().isSubsetOf(parsed.get(j).subject())) {
          throw new InvalidTrustPolicyException(
              prefix
                  + "trust policy statement "
                  + q
                  + " has overlapping x509 trustedIdentities, "
                  + GoText.quote(parsed.get(i).raw())
                  + " overlaps with "
                  + GoText.quote(parsed.get(j).raw()));
        }
      }
    }
    return parsed;
  }

  private static void validateRegistryScopes(List<TrustPolicyStatement> statements)
      throws InvalidTrustPolicyException {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (TrustPolicyStatement s : statements) {
      if (s.registryScopes().isEmpty()) {
        throw new InvalidTrustPolicyException(
            "oci trust policy statement "
                + GoText.quote(s.name())
                + " has zero registry scopes, it must specify registry scopes with at least one value");
      }
      if (s.registryScopes().size() > 1
          && s.registryScopes().contains(TrustPolicyStatement.WILDCARD)) {
        throw new InvalidTrustPolicyException(
            "oci trust policy statement "
                + GoText.quote(s.name())
                + " uses wildcard registry scope '*', a wildcard scope cannot be used in conjunction with other scope values");
      }
      for (String scope : s.registryScopes()) {
        if (!scope.equals(TrustPolicyStatement.WILDCARD)) {
          validateScopeFormat(scope);
        }
        counts.merge(scope, 1, Integer::sum);
      }
    }
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      if (e.getValue() > 1) {
        throw new InvalidTrustPolicyException(
            "registry scope "
                + GoText.quote(e.getKey())
                + " is present in multiple oci trust policy statements, one registry scope value can only be associated with one statement");
      }
    }
  }

  private static void validateScopeFormat(String scope) throws InvalidTrustPolicyException {
    String ensure =
        "make sure it is a fully qualified repository without the scheme, protocol or tag. For example"
            + " domain.com/my/repository or a local scope like local/myOCILayout";
    if (scope.length() > 1 && scope.contains("*")) {
      throw new InvalidTrustPolicyException(
          "registry scope " + GoText.quote(scope) + " with wild card(s) is not valid, " + ensure);
    }
    int slash = scope.indexOf('/');
    if (slash <= 0
        || slash == scope.length() - 1
        || scope.length() > 4096
        || !DOMAIN.matcher(scope.substring(0, slash)).matches()
        || !REPOSITORY.matcher(scope.substring(slash + 1)).matches()) {
      throw new InvalidTrustPolicyException(
          "registry scope " + GoText.quote(scope) + " is not valid, " + ensure);
    }
  }

  // ---- tree access ----

  private static String goQuotedList(List<String> values) {
    StringBuilder b = new StringBuilder("[");
    for (String v : values) {
      if (b.length() > 1) {
        b.append(' ');
      }
      b.append(GoText.quote(v));
    }
    return b.append(']').toString();
  }

  private static InvalidTrustPolicyException malformed(String field, String expected) {
    return new InvalidTrustPolicyException(
        "malformed trust policy: "
            + field
            + " must be "
            + expected
            + ". To create a trust policy, see: "
            + TRUST_POLICY_LINK);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object v, String at) throws InvalidTrustPolicyException {
    if (v instanceof Map<?, ?> m) {
      for (Object k : m.keySet()) {
        if (!(k instanceof String)) {
          throw malformed(at, "a map with string keys");
        }
      }
      return (Map<String, Object>) m;
    }
    throw malformed(at, "a map");
  }

  // Go's encoding/json matches field names case-insensitively, preferring an exact match.
  private static Object field(Map<String, Object> m, String key) {
    if (m.containsKey(key)) {
      return m.get(key);
    }
    for (Map.Entry<String, Object> e : m.entrySet()) {
      if (e.getKey().toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) {
        return e.getValue();
      }
    }
    return null;
  }

  private static Optional<String> string(Map<String, Object> m, String key, String at)
      throws InvalidTrustPolicyException {
    Object v = field(m, key);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof String s) {
      return Optional.of(s);
    }
    throw malformed(at, "a string");
  }

  private static boolean bool(Map<String, Object> m, String key, String at)
      throws InvalidTrustPolicyException {
    Object v = field(m, key);
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw malformed(at, "true or false");
  }

  private static Optional<List<Object>> list(Map<String, Object> m, String key, String at)
      throws InvalidTrustPolicyException {
    Object v = field(m, key);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof List<?> l) {
      return Optional.of(new ArrayList<>(l));
    }
    throw malformed(at, "a list");
  }

  private static List<String> strings(Map<String, Object> m, String key, String at)
      throws InvalidTrustPolicyException {
    List<Object> l = list(m, key, at).orElse(List.of());
    if (l.size() > MAX_LIST) {
      throw new InvalidTrustPolicyException(
          "trust policy field " + at + " has more than " + MAX_LIST + " entries");
    }
    List<String> out = new ArrayList<>(l.size());
    for (int i = 0; i < l.size(); i++) {
      if (!(l.get(i) instanceof String s)) {
        throw malformed(at + "[" + i + "]", "a string");
      }
      out.add(s);
    }
    return out;
  }

  private static Map<String, Object> optionalMap(Map<String, Object> m, String key, String at)
      throws InvalidTrustPolicyException {
    Object v = field(m, key);
    return v == null ? Map.of() : asMap(v, at);
  }
}
