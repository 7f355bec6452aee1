package io.ratify.keyvault.internal;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Makes the vault clients of a provider: the seam between configuration and the Azure SDK.
 * Production uses {@link #workloadIdentity()}; tests use {@link #using} with their own credential
 * and a TLS context that trusts their vault double.
 */
public interface VaultConnector {
  /**
   * The environment variable naming the projected service account token file (set by the workload
   * identity webhook).
   */
  String TOKEN_FILE_ENV = AzureIdentity.TOKEN_FILE_ENV;

  /** The environment variable naming the Microsoft Entra authority host (optional). */
  String AUTHORITY_HOST_ENV = AzureIdentity.AUTHORITY_HOST_ENV;

  /**
   * The clients for {@code settings}.
   *
   * @throws RatifyException {@link ErrorCode#PLUGIN_INIT_FAILURE} when no credential can be made
   */
  VaultClients connect(KeyVaultSettings settings) throws RatifyException;

  /**
   * The clients for {@code settings}, authenticating as {@code identity} (the parameters the
   * provider shares with the ACR credential providers). Connectors made for tests ignore {@code
   * identity}.
   *
   * @throws RatifyException {@link ErrorCode#PLUGIN_INIT_FAILURE} when no credential can be made
   */
  default VaultClients connect(KeyVaultSettings settings, AzureIdentity identity)
      throws RatifyException {
    return connect(settings);
  }

  /**
   * Ratify's credential: Azure workload identity for the configured {@code tenantID} and {@code
   * clientID}, with the token file (and authority host) from the process environment, over the JDK
   * HTTP client. The credential is {@link AzureIdentity#sharedCredential() shared} with the ACR
   * credential providers of the same identity.
   */
  static VaultConnector workloadIdentity() {
    return new VaultConnector() {
      @Override
      public VaultClients connect(KeyVaultSettings settings) throws RatifyException {
        return connect(settings, identityOf(settings, false));
      }

      @Override
      public VaultClients connect(KeyVaultSettings settings, AzureIdentity identity)
          throws RatifyException {
        // the HTTP client is made per provider, at creation, not when ServiceLoader instantiates
        // the factory
        return VaultClients.build(settings, identity.sharedCredential(), defaultHttpClient(), true);
      }
    };
  }

  /**
   * Workload identity with the environment read through {@code env}, over {@code httpClient} (which
   * also carries the token request to the authority).
   *
   * @param verifyChallengeResource false only for a vault and authority double on a loopback
   *     address: it turns off the SDK's check that the challenge names a Key Vault resource (see
   *     {@link VaultClients#build}) and MSAL's instance discovery, which asks Microsoft's public
   *     authority about the authority host
   */
  static VaultConnector workloadIdentity(
      UnaryOperator<String> env, HttpClient httpClient, boolean verifyChallengeResource) {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(httpClient, "httpClient");
    return settings -> {
      TokenCredential credential;
      try {
        credential = identityOf(settings, !verifyChallengeResource).credential(env, httpClient);
      } catch (RatifyException e) {
        throw new RatifyException(
            e.code(), "azurekeyvault: " + e.detail(), e.remediation().orElse(null), null);
      }
      return VaultClients.build(settings, credential, httpClient, verifyChallengeResource);
    };
  }

  private static AzureIdentity identityOf(KeyVaultSettings settings, boolean noDiscovery) {
    return new AzureIdentity(
        AzureIdentity.Kind.WORKLOAD_IDENTITY,
        Optional.of(settings.tenantId()),
        Optional.of(settings.clientId()),
        Optional.empty(),
        noDiscovery);
  }

  /**
   * Clients that authenticate with {@code credential} over {@code httpClient}; see {@link
   * VaultClients#build} for {@code verifyChallengeResource}.
   */
  static VaultConnector using(
      TokenCredential credential, HttpClient httpClient, boolean verifyChallengeResource) {
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(httpClient, "httpClient");
    return settings ->
        VaultClients.build(settings, credential, httpClient, verifyChallengeResource);
  }

  /**
   * The JDK HTTP client with connect and response bounds; the provider's per-call timeouts apply on
   * top.
   */
  static HttpClient defaultHttpClient() {
    return new JdkHttpClientBuilder()
        .connectionTimeout(Duration.ofSeconds(10))
        .responseTimeout(Duration.ofSeconds(30))
        .readTimeout(Duration.ofSeconds(30))
        .build();
  }
}
