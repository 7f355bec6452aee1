package io.ratify.keyvault.internal;

import io.ratify.api.KeyManagementProvider;
import io.ratify.api.RatifyException;
import io.ratify.spi.KeyManagementProviderFactory;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginContext;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates {@code azurekeyvault} key management providers from Ratify's parameters:
 *
 * <ul>
 *   <li>{@code vaultURI} (v2's spelling {@code vaultURL} is accepted too), {@code tenantID}, {@code
 *       clientID}: required, whitespace trimmed, one trailing {@code /} of the URL stripped;
 *   <li>{@code certificates}, {@code keys}: lists of {@code {name, version, versionHistoryLimit}};
 *       at least one entry in all, every entry with a {@code name};
 *   <li>{@code refreshInterval}: a duration ({@code 1h30m}, or seconds), absent or zero for no
 *       refresh (the Kubernetes resource's {@code spec.refreshInterval} arrives here);
 *   <li>{@code authorityHost}, {@code disableInstanceDiscovery}: as for every Azure credential of
 *       this module ({@link AzureIdentity}); the ACR credential providers take the same parameters
 *       and share the credential.
 * </ul>
 *
 * The controller-injected {@code resource} and the retired {@code cloudName} are accepted and
 * ignored; any other parameter is a configuration error, so that typos do not pass silently. Beyond
 * Ratify, names, versions and the URL are checked for form here rather than failing at the first
 * vault call. The credential is workload identity (as in Ratify); no vault call is made before the
 * first {@link KeyManagementProvider#fetch}.
 */
public final class AzureKeyVaultProviderFactory implements KeyManagementProviderFactory {
  /** The provider type. */
  public static final String TYPE = "azurekeyvault";

  private static final Logger LOG = LoggerFactory.getLogger(AzureKeyVaultProviderFactory.class);
  private static final Set<String> KNOWN =
      Set.of(
          "vaultURI",
          "vaultURL",
          "tenantID",
          "clientID",
          "certificates",
          "keys",
          "refreshInterval",
          "resource",
          "cloudName",
          "authorityHost",
          "disableInstanceDiscovery");
  private static final Set<String> ENTRY_FIELDS = Set.of("name", "version", "versionHistoryLimit");

  private final VaultConnector connector;

  /**
   * The factory {@link java.util.ServiceLoader} uses: workload identity over the JDK HTTP client.
   */
  public AzureKeyVaultProviderFactory() {
    this(VaultConnector.workloadIdentity());
  }

  /**
   * A factory that connects through {@code connector} (tests inject a credential and a trusted TLS
   * context).
   */
  public AzureKeyVaultProviderFactory(VaultConnector connector) {
    this.connector = Objects.requireNonNull(connector, "connector");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public KeyManagementProvider create(PluginConfig config, PluginContext context)
      throws RatifyException {
    KeyVaultSettings settings = settings(config);
    AzureIdentity identity = AzureIdentity.fromConfig(config, AzureIdentity.Kind.WORKLOAD_IDENTITY);
    return new AzureKeyVaultProvider(
        config.name(), settings, connector.connect(settings, identity), context.clock());
  }

  /**
   * Reads and validates the parameters.
   *
   * @throws RatifyException {@link io.ratify.api.ErrorCode#CONFIG_INVALID} naming the field
   */
  public KeyVaultSettings settings(PluginConfig config) throws RatifyException {
    config.requireKnownParameters(KNOWN);
    if (config.parameters().containsKey("cloudName")) {
      LOG.debug(
          "{}: parameter cloudName is ignored; the vault URL and the workload identity environment decide the cloud",
          config.origin());
    }
    // Ratify's order: shape errors (its JSON decoding), then the checks of Create and validate, in
    // turn
    List<Entry> certificates = entries(config, "certificates");
    List<Entry> keys = entries(config, "keys");
    String vaultUri = vaultUri(config).strip();
    String tenantId = config.string("tenantID").orElse("").strip();
    String clientId = config.string("clientID").orElse("").strip();
    if (certificates.isEmpty() && keys.isEmpty()) {
      throw config.invalid(
          "certificates", "no keyvault certificates or keys configured; give certificates or keys");
    }
    if (vaultUri.isEmpty()) {
      throw config.invalid("vaultURI", "vaultURI is not set");
    }
    if (tenantId.isEmpty()) {
      throw config.invalid("tenantID", "tenantID is not set");
    }
    if (clientId.isEmpty()) {
      throw config.invalid("clientID", "clientID is not set");
    }
    KeyVaultSettings.Builder b =
        KeyVaultSettings.builder().vaultUri(vaultUri).tenantId(tenantId).clientId(clientId);
    for (VaultObject o : objects(config, "certificates", certificates)) {
      b.certificate(o);
    }
    for (VaultObject o : objects(config, "keys", keys)) {
      b.key(o);
    }
    config.duration("refreshInterval", ChronoUnit.SECONDS).ifPresent(b::refreshInterval);
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      int colon = message.indexOf(": ");
      throw config.invalid(message.substring(0, colon), message.substring(colon + 2));
    }
  }

  private static String vaultUri(PluginConfig config) throws RatifyException {
    Optional<String> uri = config.string("vaultURI");
    Optional<String> url = config.string("vaultURL");
    if (uri.isPresent() && url.isPresent() && !uri.get().strip().equals(url.get().strip())) {
      throw config.invalid(
          "vaultURL", "is another spelling of vaultURI, and the two differ; keep vaultURI only");
    }
    return uri.or(() -> url).orElse("");
  }

  /** One list entry as written, before its name is checked. */
  private record Entry(String at, String name, String version, int versionHistoryLimit) {}

  private static List<Entry> entries(PluginConfig config, String field) throws RatifyException {
    Optional<Object> raw = config.get(field);
    if (raw.isPresent() && raw.get() instanceof String) {
      throw config.invalid(
          field,
          "expected a list of {name, version, versionHistoryLimit}; the string form of the "
              + "deprecated CertificateStore is not supported");
    }
    List<Object> list = config.list(field).orElse(List.of());
    if (list.size() > KeyVaultSettings.MAX_OBJECTS) {
      throw config.invalid(field, "has more than " + KeyVaultSettings.MAX_OBJECTS + " entries");
    }
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String at = field + "[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> entry)) {
        throw config.invalid(
            at,
            "expected a map {name, version, versionHistoryLimit}, got "
                + PluginConfig.describe(list.get(i)));
      }
      for (Object k : entry.keySet()) {
        if (!ENTRY_FIELDS.contains(k)) {
          throw config.invalid(
              at + "." + k, "unknown field; known are " + new TreeSet<>(ENTRY_FIELDS));
        }
      }
      out.add(
          new Entry(
              at,
              text(config, at + ".name", entry.get("name")).strip(),
              text(config, at + ".version", entry.get("version")).strip(),
              limit(config, at + ".versionHistoryLimit", entry.get("versionHistoryLimit"))));
    }
    return out;
  }

  private static List<VaultObject> objects(PluginConfig config, String field, List<Entry> entries)
      throws RatifyException {
    List<VaultObject> out = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (e.name().isEmpty()) {
        // Ratify's wording, counting from 1
        throw config.invalid(
            e.at() + ".name",
            "name is not set for the " + (i + 1) + " th " + field.substring(0, field.length() - 1));
      }
      try {
        out.add(new VaultObject(e.name(), e.version(), e.versionHistoryLimit()));
      } catch (IllegalArgumentException ex) {
        throw config.invalid(e.at(), ex.getMessage());
      }
    }
    return out;
  }

  private static String text(PluginConfig config, String field, Object value)
      throws RatifyException {
    if (value == null) {
      return "";
    }
    if (value instanceof String s) {
      return s;
    }
    throw config.invalid(field, "expected a string, got " + PluginConfig.describe(value));
  }

  private static int limit(PluginConfig config, String field, Object value) throws RatifyException {
    if (value == null) {
      return 0;
    }
    long n;
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      n = ((Number) value).longValue();
    } else if (value instanceof String s && s.strip().matches("-?\\d{1,9}")) {
      n = Long.parseLong(s.strip());
    } else {
      throw config.invalid(field, "expected an integer, got " + PluginConfig.describe(value));
    }
    if (n < 0 || n > VaultObject.MAX_VERSION_HISTORY_LIMIT) {
      throw config.invalid(
          field, "must be between 0 and " + VaultObject.MAX_VERSION_HISTORY_LIMIT + ", got " + n);
    }
    return (int) n;
  }
}
