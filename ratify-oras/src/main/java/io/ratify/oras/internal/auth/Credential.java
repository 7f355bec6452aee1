package io.ratify.oras.internal.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A registry credential: a user name and password, or an identity (refresh) token when the user
 * name is {@value #IDENTITY_TOKEN_USER}. {@link #toString()} never shows the secret.
 *
 * @param username the user name
 * @param secret the password or identity token
 */
public record Credential(String username, String secret) {
  /** The user name docker uses for identity tokens. */
  public static final String IDENTITY_TOKEN_USER = "<token>";

  public Credential {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(secret, "secret");
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
    return "Credential[username=" + username + ", secret=<redacted>]";
  }
}
