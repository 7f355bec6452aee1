package io.ratify.oras.internal.auth;

import io.ratify.spi.RegistryCredential;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A registry credential: a user name and password, or an identity (refresh) token when the user
 * name is {@value #IDENTITY_TOKEN_USER}. {@link #toString()} never shows the secret.
 *
 * @param username the user name
 * @param secret the password or identity token
 * @param registryHostOnly whether the secret may go only to a token realm on the registry's own
 *     host and port (cloud credentials such as an ACR refresh token)
 */
public record Credential(String username, String secret, boolean registryHostOnly) {
  /** The user name docker uses for identity tokens. */
  public static final String IDENTITY_TOKEN_USER = "<token>";

  public Credential {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(secret, "secret");
  }

  /** A credential that may go to any token realm the registry names (docker's behaviour). */
  public Credential(String username, String secret) {
    this(username, secret, false);
  }

  /** The internal form of a credential from the SPI. */
  public static Credential of(RegistryCredential c) {
    return new Credential(
        c.username(), c.secret(), c.realms() == RegistryCredential.TokenRealms.REGISTRY_HOST_ONLY);
  }

  /** The SPI form of this credential. */
  public RegistryCredential toSpi() {
    return new RegistryCredential(
        username,
        secret,
        registryHostOnly
            ? RegistryCredential.TokenRealms.REGISTRY_HOST_ONLY
            : RegistryCredential.TokenRealms.ANY);
  }

  /** Whether the secret is an OAuth2 refresh token to exchange at the token endpoint. */
  public boolean isIdentityToken() {
    return username.equals(IDENTITY_TOKEN_USER);
  }

  /** The {@code Authorization} value for HTTP Basic. */
  public String basicAuthorization() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((username + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "Credential[username="
        + username
        + ", secret=<redacted>"
        + (registryHostOnly ? ", registry host only" : "")
        + "]";
  }
}
