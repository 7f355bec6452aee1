package io.ratify.keyvault.internal;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.security.keyvault.certificates.CertificateAsyncClient;
import com.azure.security.keyvault.certificates.CertificateClientBuilder;
import com.azure.security.keyvault.keys.KeyAsyncClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.secrets.SecretAsyncClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import java.time.Duration;
import java.util.Objects;

/**
 * The three Azure SDK clients one provider reads through, sharing one credential and one HTTP
 * client. The SDK does the Key Vault challenge (401, then a bearer token for the tenant the vault
 * names) and retries 429, 5xx and I/O failures with exponential backoff; HTTP logging is off, so
 * neither tokens nor secret values reach a log. Requests for any other host than the vault's (a
 * listing's {@code nextLink} may point anywhere) are refused before the token is attached ({@link
 * VaultOnlyPolicy}).
 *
 * @param secrets reads certificate chains (a certificate's secret holds the whole chain)
 * @param certificates lists certificate versions and names the version of a disabled certificate
 * @param keys reads public keys and lists key versions
 */
public record VaultClients(
    SecretAsyncClient secrets, CertificateAsyncClient certificates, KeyAsyncClient keys) {
  public VaultClients {
    Objects.requireNonNull(secrets, "secrets");
    Objects.requireNonNull(certificates, "certificates");
    Objects.requireNonNull(keys, "keys");
  }

  /**
   * Builds the clients for {@code settings.vaultUri()}.
   *
   * @param verifyChallengeResource whether the SDK checks that the authentication challenge names a
   *     Key Vault resource; only a vault double on a loopback address, which cannot have a Key
   *     Vault domain, turns it off
   */
  public static VaultClients build(
      KeyVaultSettings settings,
      TokenCredential credential,
      HttpClient httpClient,
      boolean verifyChallengeResource) {
    RetryOptions retry =
        new RetryOptions(
            new ExponentialBackoffOptions()
                .setMaxRetries(settings.maxRetries())
                .setBaseDelay(settings.retryDelay())
                .setMaxDelay(
                    settings.retryDelay().multipliedBy(8).compareTo(Duration.ofSeconds(5)) < 0
                        ? settings.retryDelay().multipliedBy(8)
                        : Duration.ofSeconds(5)));
    HttpLogOptions noLogs = new HttpLogOptions().setLogLevel(HttpLogDetailLevel.NONE);
    VaultOnlyPolicy vaultOnly = new VaultOnlyPolicy(settings.vaultUri());

    SecretClientBuilder secrets =
        new SecretClientBuilder()
            .vaultUrl(settings.vaultUri())
            .credential(credential)
            .httpClient(httpClient)
            .retryOptions(retry)
            .httpLogOptions(noLogs)
            .addPolicy(vaultOnly);
    CertificateClientBuilder certificates =
        new CertificateClientBuilder()
            .vaultUrl(settings.vaultUri())
            .credential(credential)
            .httpClient(httpClient)
            .retryOptions(retry)
            .httpLogOptions(noLogs)
            .addPolicy(vaultOnly);
    KeyClientBuilder keys =
        new KeyClientBuilder()
            .vaultUrl(settings.vaultUri())
            .credential(credential)
            .httpClient(httpClient)
            .retryOptions(retry)
            .httpLogOptions(noLogs)
            .addPolicy(vaultOnly);
    if (!verifyChallengeResource) {
      secrets.disableChallengeResourceVerification();
      certificates.disableChallengeResourceVerification();
      keys.disableChallengeResourceVerification();
    }
    return new VaultClients(
        secrets.buildAsyncClient(), certificates.buildAsyncClient(), keys.buildAsyncClient());
  }
}
