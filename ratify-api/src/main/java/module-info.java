/**
 * Ratify for Java's model, plugin interfaces and plugin SPI: what every plugin and every embedding
 * application compiles against.
 *
 * <p>Exports {@code io.ratify.api} and {@code io.ratify.spi} to everyone, and {@code
 * io.ratify.api.testing} (the test PKI, for tests and demos only). The {@code internal} packages
 * (the hardened parsing kit, the one JSON set-up, the bounded HTTP body) are exported only to the
 * project's own modules; {@code ratify-notation}, {@code ratify-oras}, {@code ratify-keyvault} and
 * the examples are automatic modules (their {@code Automatic-Module-Name}), which is why those
 * names are not observable when this module is compiled. Jackson is needed only by {@code
 * io.ratify.api.internal.json}, so it is optional here ({@code requires static}).
 */
@SuppressWarnings("module") // the qualified-export targets below are compiled after this module
module io.ratify.api {
  requires java.net.http; // io.ratify.api.internal.http only
  requires static com.fasterxml.jackson.databind;
  requires static com.google.errorprone.annotations;

  exports io.ratify.api;
  exports io.ratify.spi;
  exports io.ratify.api.testing;
  exports io.ratify.api.internal.http to
      io.ratify.notation,
      io.ratify.oras;
  exports io.ratify.api.internal.json to
      io.ratify.core,
      io.ratify.notation,
      io.ratify.oras,
      io.ratify.keyvault,
      io.ratify.examples.server;
  exports io.ratify.api.internal.parse to
      io.ratify.core,
      io.ratify.notation,
      io.ratify.oras,
      io.ratify.keyvault,
      io.ratify.examples.cli,
      io.ratify.examples.server;
}
