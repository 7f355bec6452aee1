package io.ratify.oras.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Writes an htpasswd file with a bcrypt entry (the only hash the registry accepts), without the
 * htpasswd tool.
 */
public final class Htpasswd {
  private Htpasswd() {}

  /** Writes {@code user:bcrypt(password)} to {@code file}. */
  public static Path write(Path file, String user, String password) throws IOException {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    // Cost 5 keeps registry-side checks fast in tests; the registry accepts any cost from 4.
    String hash = OpenBSDBCrypt.generate("2a", password.toCharArray(), salt, 5);
    Files.writeString(file, user + ":" + hash + "\n", StandardCharsets.UTF_8);
    return file;
  }
}
