package io.ratify.core.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratify.api.Descriptor;
import io.ratify.api.MediaTypes;
import io.ratify.api.testing.TestPki;
import io.ratify.core.config.InlineKeyProviderConfig;
import io.ratify.core.config.RatifyConfig;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real {@code docker-registry} on 127.0.0.1 holding one image signed by the project's own signer
 * (COSE envelope, RSA-3072 leaf under a fresh CA), published as notation does on a registry without
 * the referrers API: signature manifest, envelope blob, tag-schema index.
 *
 * <p>The kits live in ratify-oras's test-jar ({@code LocalRegistry}, {@code RegistryPusher}) and
 * ratify-notation ({@code NotationSigner}, {@code CertificateAuthority}). Both modules depend on
 * ratify-core, so ratify-core cannot depend on them, not even in a profile (Maven rejects the
 * cycle): they are on the class path at run time ({@code src/bench/run.sh}) and called here by
 * reflection. The executor itself reaches the store and verifier through the {@code ServiceLoader},
 * as an embedding application does.
 */
final class SignedRegistry implements AutoCloseable {
  static final String REPOSITORY = "bench/app";
  static final String TAG = "signed";

  private final Object registry;
  final String host;
  final Descriptor image;
  final Descriptor signature;
  final Descriptor envelopeDescriptor;
  final byte[] envelope;
  final X509Certificate root;

  private SignedRegistry(
      Object registry,
      String host,
      Descriptor image,
      Descriptor signature,
      Descriptor envelopeDescriptor,
      byte[] envelope,
      X509Certificate root) {
    this.registry = registry;
    this.host = host;
    this.image = image;
    this.signature = signature;
    this.envelopeDescriptor = envelopeDescriptor;
    this.envelope = envelope;
    this.root = root;
  }

  static SignedRegistry start() throws Exception {
    Object registry = callStatic("io.ratify.oras.testing.LocalRegistry", "start");
    try {
      Object push =
          Class.forName("io.ratify.oras.testing.RegistryPusher")
              .getConstructor(registry.getClass(), Optional.class)
              .newInstance(registry, Optional.empty());
      Descriptor image =
          (Descriptor) call(push, "pushImage", REPOSITORY, TAG, "layer of the benchmark image");

      Object rsa3072 = enumConstant("io.ratify.notation.testing.KeySpec", "RSA_3072");
      Object ca =
          callStatic(
              "io.ratify.notation.testing.CertificateAuthority",
              "root",
              "CN=Bench CA,O=Ratify for Java",
              rsa3072);
      Object leaf = call(ca, "codeSigningLeaf", "CN=bench.signer,O=Ratify for Java", rsa3072);
      Object cose = enumConstant("io.ratify.notation.signer.EnvelopeFormat", "COSE");
      Object builder = callStatic("io.ratify.notation.signer.NotationSigner", "builder");
      call(builder, "privateKey", call(leaf, "privateKey"));
      call(builder, "certificateChain", call(leaf, "chain"));
      call(builder, "format", cose);
      Object signer = call(builder, "build");
      byte[] envelope = (byte[]) call(signer, "sign", image, Map.of(), Optional.empty());
      Object sm =
          callStatic(
              "io.ratify.notation.signer.SignatureManifests",
              "build",
              image,
              envelope,
              cose,
              enumConstant("io.ratify.notation.signer.ManifestForm", "CURRENT"));
      Descriptor signature = (Descriptor) call(sm, "manifestDescriptor");
      Descriptor envelopeDescriptor = (Descriptor) call(sm, "envelopeDescriptor");
      call(
          push,
          "pushReferrer",
          REPOSITORY,
          image,
          List.of((byte[]) call(sm, "configBytes"), envelope),
          (byte[]) call(sm, "manifestBytes"),
          MediaTypes.NOTARY_SIGNATURE);
      return new SignedRegistry(
          registry,
          (String) call(registry, "host"),
          image,
          signature,
          envelopeDescriptor,
          envelope,
          (X509Certificate) call(ca, "certificate"));
    } catch (Exception | Error e) {
      call(registry, "close");
      throw e;
    }
  }

  /** {@code host/repository:tag}. */
  String byTag() {
    return host + "/" + REPOSITORY + ":" + TAG;
  }

  /** {@code host/repository@digest}. */
  String byDigest() {
    return host + "/" + REPOSITORY + "@" + image.digest();
  }

  /** The OCI trust policy trusting the bench CA for every registry scope. */
  static String trustPolicy() {
    return """
        {"version":"1.0","trustPolicies":[{"name":"default","registryScopes":["*"],\
        "signatureVerification":{"level":"strict"},"trustStores":["ca:certs"],\
        "trustedIdentities":["*"]}]}""";
  }

  /**
   * The executor configuration: the inline certificate, the {@code oras} store over plain HTTP with
   * {@code cacheEnabled}, and the notation verifier with {@link #trustPolicy()}.
   */
  RatifyConfig config(boolean cacheEnabled) throws Exception {
    Map<String, Object> policy =
        new ObjectMapper().readValue(trustPolicy(), new TypeReference<Map<String, Object>>() {});
    return RatifyConfig.builder()
        .plugin(
            InlineKeyProviderConfig.certificates(
                "certstore-inline", TestPki.pemBlock("CERTIFICATE", root.getEncoded())))
        .store("store-oras", "oras", Map.of("useHttp", true, "cacheEnabled", cacheEnabled))
        .verifier(
            "verifier-notation",
            "notation",
            Map.of(
                "verificationCertStores",
                Map.of("certs", List.of("certstore-inline")),
                "trustPolicyDoc",
                policy))
        .build();
  }

  /**
   * The public single-envelope API of ratify-notation ({@code NotationEnvelopeVerifier}) trusting
   * the bench CA, as a handle {@code (String reference, Descriptor target, String mediaType, byte[]
   * envelope) -> VerificationResult}.
   */
  MethodHandle envelopeVerifier() throws Exception {
    Object b = callStatic("io.ratify.notation.NotationEnvelopeVerifier", "builder");
    call(b, "trustPolicy", trustPolicy().getBytes(StandardCharsets.UTF_8));
    call(b, "trustStore", "ca", "certs", List.of(root));
    Object verifier = call(b, "build");
    Method verify =
        verifier
            .getClass()
            .getMethod("verify", String.class, Descriptor.class, String.class, byte[].class);
    return MethodHandles.publicLookup().unreflect(verify).bindTo(verifier);
  }

  /** Stops the registry and deletes its storage. */
  @Override
  public void close() {
    try {
      call(registry, "close");
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the registry", e);
    }
  }

  private static Object enumConstant(String type, String name) throws ClassNotFoundException {
    for (Object c : Class.forName(type).getEnumConstants()) {
      if (((Enum<?>) c).name().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException(type + "." + name);
  }

  private static Object callStatic(String type, String method, Object... args) throws Exception {
    return invoke(Class.forName(type), null, method, args);
  }

  private static Object call(Object target, String method, Object... args) throws Exception {
    return invoke(target.getClass(), target, method, args);
  }

  /**
   * Calls the public method of {@code type} named {@code name} whose parameters take {@code args}.
   */
  private static Object invoke(Class<?> type, Object target, String name, Object... args)
      throws Exception {
    for (Method m : type.getMethods()) {
      if (m.getName().equals(name) && accepts(m.getParameterTypes(), args)) {
        try {
          return m.invoke(target, args);
        } catch (InvocationTargetException e) {
          if (e.getCause() instanceof Exception x) {
            throw x;
          }
          throw e;
        }
      }
    }
    throw new NoSuchMethodException(type.getName() + "." + name);
  }

  private static boolean accepts(Class<?>[] params, Object[] args) {
    if (params.length != args.length) {
      return false;
    }
    for (int i = 0; i < params.length; i++) {
      if (!params[i].isInstance(args[i])) {
        return false;
      }
    }
    return true;
  }
}
