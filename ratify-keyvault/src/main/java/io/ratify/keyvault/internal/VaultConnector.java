package io.ratify.keyvault.internal;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Makes the vault clients of a provider: the seam between configuration and the Azure SDK.
 * Production uses {@link #workloadIdentity()}; tests use {@link #using} with their own credential
 * and a TLS context that trusts their vault double.
 */
@FunctionalInterface
public interface VaultConnector {
  /**
   * The environment variable naming the projected service account token file (set by the workload
   * identity webhook).
   */
  String TOKEN_FILE_ENV = "AZURE_FEDERATED_TOKEN_FILE";

  /** The environment variable naming the Microsoft Entra authority host (optional). */
  String AUTHORITY_HOST_ENV = "AZURE_AUTHORITY_HOST";

  /**
   * The clients for {@code settings}.
   *
   * @throws RatifyException {@link ErrorCode#PLUGIN_INIT_FAILURE} when no credential can be made
   */
  VaultClients connect(KeyVaultSettings settings) throws RatifyException;

  /**
   * Ratify's credential: Azure workload identity for the configured {@code tenantID} and {@code
   * clientID}, with the token file (and authority host) from the process environment, over the JDK
   * HTTP client.
   */
  static VaultConnector workloadIdentity() {
    // the HTTP client is made per provider, at creation, not when ServiceLoader instantiates the
    // factory
    return settings ->
        workloadIdentity(System::getenv, defaultHttpClient(), true).connect(settings);
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
      String tokenFile = env.apply(TOKEN_FILE_ENV);
      if (tokenFile == null || tokenFile.isBlank()) {
        throw new RatifyException(
            ErrorCode.PLUGIN_INIT_FAILURE,
            "azurekeyvault: workload identity is not available: " + TOKEN_FILE_ENV + " is not set",
            "run in a pod whose service account is federated with the identity "
                + settings.clientId()
                + " (label azure.workload.identity/use: \"true\")",
            null);
      }
      WorkloadIdentityCredentialBuilder b =
          new WorkloadIdentityCredentialBuilder()
              .tenantId(settings.tenantId())
              .clientId(settings.clientId())
              .tokenFilePath(tokenFile)
              .httpClient(httpClient);
      String authority = env.apply(AUTHORITY_HOST_ENV);
      if (authority != null && !authority.isBlank()) {
        b.authorityHost(authority);
      }
      if (!verifyChallengeResource) {
        b.disableInstanceDiscovery();
      }
      TokenCredential credential;
      try {
        credential = b.build();
      } catch (RuntimeException e) {
        throw new RatifyException(
            ErrorCode.PLUGIN_INIT_FAILURE,
            "azurekeyvault: the workload identity credential could not be made: "
                + e.getClass().getSimpleName(),
            "check tenantID, clientID and " + AUTHORITY_HOST_ENV,
            null);
      }
      return VaultClients.build(settings, credential, httpClient, verifyChallengeResource);
    };
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
