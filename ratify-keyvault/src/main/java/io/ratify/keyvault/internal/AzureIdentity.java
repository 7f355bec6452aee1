package io.ratify.keyvault.internal;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.util.Configuration;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.spi.PluginConfig;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The one Azure credential configuration of this module, shared by the {@code azurekeyvault} key
 * management provider and the ACR registry credential providers: the same parameters ({@code
 * clientID}, {@code tenantID}, {@code authorityHost}, {@code disableInstanceDiscovery}) and the
 * same {@code azure-identity} credential chain, so a workload identity set up once serves both.
 *
 * <ul>
 *   <li>Workload identity: tenant and client from the parameters, else {@code AZURE_TENANT_ID} and
 *       {@code AZURE_CLIENT_ID}; the projected service account token from {@code
 *       AZURE_FEDERATED_TOKEN_FILE} (read again whenever a new Entra token is needed, so a rotated
 *       file is picked up); the authority from {@code authorityHost}, else {@code
 *       AZURE_AUTHORITY_HOST}, else the public cloud.
 *   <li>Managed identity: the client ID of a user-assigned identity from {@code clientID}, else
 *       {@code AZURE_CLIENT_ID}, else the system-assigned identity; the endpoint as {@code
 *       azure-identity} finds it (IMDS, or {@code IDENTITY_ENDPOINT}, {@code
 *       AZURE_POD_IDENTITY_AUTHORITY_HOST}).
 * </ul>
 *
 * Unlike Ratify's managed identity provider, an explicit {@code clientID} wins over the environment
 * for both kinds: configuration is the more specific statement.
 *
 * @param kind workload or managed identity
 * @param tenantId the tenant, if configured
 * @param clientId the client (application) ID, if configured
 * @param authorityHost the Entra authority, if configured ({@code https} URL)
 * @param disableInstanceDiscovery skip MSAL's instance discovery (private clouds, Azure Stack, a
 *     local authority double); otherwise MSAL asks the public cloud about the authority host
 */
// clientID and tenantID in the Javadoc are Ratify's parameter names, not the components
@SuppressWarnings("InvalidParam")
public record AzureIdentity(
    Kind kind,
    Optional<String> tenantId,
    Optional<String> clientId,
    Optional<String> authorityHost,
    boolean disableInstanceDiscovery) {

  /** The environment variable naming the projected service account token file. */
  public static final String TOKEN_FILE_ENV = "AZURE_FEDERATED_TOKEN_FILE";

  /** The environment variable naming the Microsoft Entra authority host. */
  public static final String AUTHORITY_HOST_ENV = "AZURE_AUTHORITY_HOST";

  /** The environment variable naming the tenant. */
  public static final String TENANT_ENV = "AZURE_TENANT_ID";

  /** The environment variable naming the client ID. */
  public static final String CLIENT_ENV = "AZURE_CLIENT_ID";

  /** The parameters this configuration reads. */
  public static final Set<String> PARAMETERS =
      Set.of("clientID", "tenantID", "authorityHost", "disableInstanceDiscovery");

  private static final ConcurrentHashMap<AzureIdentity, TokenCredential> SHARED =
      new ConcurrentHashMap<>();

  /** The kind of identity. */
  public enum Kind {
    /** Microsoft Entra workload identity (a federated service account token). */
    WORKLOAD_IDENTITY,
    /** An Azure managed identity (IMDS and the other managed identity endpoints). */
    MANAGED_IDENTITY
  }

  public AzureIdentity {
    Objects.requireNonNull(kind, "kind");
    tenantId = tenantId.map(String::strip).filter(s -> !s.isEmpty());
    clientId = clientId.map(String::strip).filter(s -> !s.isEmpty());
    authorityHost = authorityHost.map(String::strip).filter(s -> !s.isEmpty());
  }

  /**
   * Reads {@link #PARAMETERS} from {@code config} (other parameters are the caller's to check).
   *
   * @throws RatifyException {@link ErrorCode#CONFIG_INVALID} naming the bad field
   */
  public static AzureIdentity fromConfig(PluginConfig config, Kind kind) throws RatifyException {
    Optional<String> authority = config.string("authorityHost");
    if (authority.isPresent() && !authority.get().isBlank()) {
      URI u;
      try {
        u = new URI(authority.get().strip());
      } catch (Exception e) {
        throw config.invalid("authorityHost", "is not a URL");
      }
      if (!"https".equalsIgnoreCase(u.getScheme())
          || u.getHost() == null
          || u.getRawUserInfo() != null) {
        throw config.invalid(
            "authorityHost", "must be an https URL such as https://login.microsoftonline.com/");
      }
    }
    for (String id : new String[] {"clientID", "tenantID"}) {
      Optional<String> v = config.string(id);
      if (v.isPresent() && !v.get().strip().matches("[A-Za-z0-9._-]{0,128}")) {
        throw config.invalid(id, "must be a GUID or a domain name");
      }
    }
    return new AzureIdentity(
        kind,
        config.string("tenantID"),
        config.string("clientID"),
        authority,
        config.bool("disableInstanceDiscovery").orElse(false));
  }

  /**
   * The {@code azure-identity} credential, one per configuration and process (so the key vault and
   * the registries share its token cache), over the JDK HTTP client, with the process environment.
   *
   * @throws RatifyException {@link ErrorCode#PLUGIN_INIT_FAILURE} when the environment lacks what
   *     the kind needs
   */
  public TokenCredential sharedCredential() throws RatifyException {
    TokenCredential had = SHARED.get(this);
    if (had != null) {
      return had;
    }
    TokenCredential made = credential(System::getenv, VaultConnector.defaultHttpClient());
    TokenCredential raced = SHARED.putIfAbsent(this, made);
    return raced != null ? raced : made;
  }

  /**
   * A new {@code azure-identity} credential with the environment read through {@code env}, over
   * {@code httpClient}.
   *
   * @throws RatifyException {@link ErrorCode#PLUGIN_INIT_FAILURE} when the environment lacks what
   *     the kind needs
   */
  public TokenCredential credential(UnaryOperator<String> env, HttpClient httpClient)
      throws RatifyException {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(httpClient, "httpClient");
    Optional<String> client = clientId.or(() -> nonBlank(env.apply(CLIENT_ENV)));
    try {
      if (kind == Kind.MANAGED_IDENTITY) {
        ManagedIdentityCredentialBuilder b =
            new ManagedIdentityCredentialBuilder().httpClient(httpClient);
        client.ifPresent(b::clientId);
        // azure-identity reads its endpoint overrides through Configuration; give it the same view
        // of the environment the rest of this class uses
        Optional<String> imds = nonBlank(env.apply("AZURE_POD_IDENTITY_AUTHORITY_HOST"));
        if (imds.isPresent()) {
          Configuration c =
              new ConfigurationBuilder()
                  .putProperty("AZURE_POD_IDENTITY_AUTHORITY_HOST", imds.get())
                  .build();
          b.configuration(c);
        }
        return b.build();
      }
      Optional<String> tokenFile = nonBlank(env.apply(TOKEN_FILE_ENV));
      if (tokenFile.isEmpty()) {
        throw new RatifyException(
            ErrorCode.PLUGIN_INIT_FAILURE,
            "workload identity is not available: " + TOKEN_FILE_ENV + " is not set",
            "run in a pod whose service account is federated with the identity"
                + client.map(c -> " " + c).orElse("")
                + " (label azure.workload.identity/use: \"true\")",
            null);
      }
      Optional<String> tenant = tenantId.or(() -> nonBlank(env.apply(TENANT_ENV)));
      if (tenant.isEmpty() || client.isEmpty()) {
        throw new RatifyException(
            ErrorCode.PLUGIN_INIT_FAILURE,
            "workload identity needs a tenant and a client ID: "
                + (tenant.isEmpty() ? "tenantID and " + TENANT_ENV : "clientID and " + CLIENT_ENV)
                + " are both unset",
            "set tenantID and clientID in the configuration, or let the workload identity webhook"
                + " set the environment",
            null);
      }
      WorkloadIdentityCredentialBuilder b =
          new WorkloadIdentityCredentialBuilder()
              .tenantId(tenant.get())
              .clientId(client.get())
              .tokenFilePath(tokenFile.get())
              .httpClient(httpClient);
      authorityHost.or(() -> nonBlank(env.apply(AUTHORITY_HOST_ENV))).ifPresent(b::authorityHost);
      if (disableInstanceDiscovery) {
        b.disableInstanceDiscovery();
      }
      return b.build();
    } catch (RuntimeException e) {
      throw new RatifyException(
          ErrorCode.PLUGIN_INIT_FAILURE,
          "the Azure "
              + kind.name().toLowerCase(Locale.ROOT).replace('_', ' ')
              + " credential could not be made: "
              + e.getClass().getSimpleName(),
          "check tenantID, clientID and " + AUTHORITY_HOST_ENV,
          null);
    }
  }

  /** The tenant the configuration or {@code env} names, if any. */
  public Optional<String> tenant(UnaryOperator<String> env) {
    return tenantId.or(() -> nonBlank(env.apply(TENANT_ENV)));
  }

  private static Optional<String> nonBlank(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
  }
}
