package io.slotway.testing;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A throwaway PKI for TLS tests: a CA, and certificates it signs, written as PEM files (keys as PKCS#8) that both
 * Redis and Slotway read. Each certificate names {@code localhost} and {@code 127.0.0.1} unless told otherwise.
 */
public final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A certificate and its key on disk. */
    public record Issued(Path cert, Path key) {
    }

    private final Path dir;
    private final String name;
    private final KeyPair caKeys;
    private final X509CertificateHolder caCert;
    private final Path caFile;

    private TestCertificates(Path dir, String name) throws IOException, GeneralSecurityException {
        this.dir = dir;
        this.name = name;
        this.caKeys = newKeyPair();
        X500Name subject = new X500Name("CN=" + name + " test CA");
        JcaX509v3CertificateBuilder builder = builder(subject, subject, caKeys);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            this.caCert = builder.build(signer(caKeys));
        } catch (Exception e) {
            throw new GeneralSecurityException(e);
        }
        this.caFile = write(name + "-ca.crt", new PemObject("CERTIFICATE", caCert.getEncoded()));
    }

    /** A new CA under {@code dir}; {@code name} keeps two CAs' files apart. */
    public static TestCertificates newCa(Path dir, String name) throws IOException, GeneralSecurityException {
        return new TestCertificates(dir, name);
    }

    public Path caFile() {
        return caFile;
    }

    /** A certificate for {@code localhost} and {@code 127.0.0.1}, usable by servers and clients alike. */
    public Issued issue(String commonName) throws IOException, GeneralSecurityException {
        return issue(commonName, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
    }

    /** A certificate whose only name is {@code dnsName}, e.g. to test hostname checks. */
    public Issued issueFor(String commonName, String dnsName) throws IOException, GeneralSecurityException {
        return issue(commonName, new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
    }

    private Issued issue(String commonName, GeneralNames names) throws IOException, GeneralSecurityException {
        KeyPair keys = newKeyPair();
        JcaX509v3CertificateBuilder builder = builder(caCert.getSubject(), new X500Name("CN=" + commonName), keys);
        X509CertificateHolder cert;
        try {
            builder.addExtension(Extension.subjectAlternativeName, false, names);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            cert = builder.build(signer(caKeys));
        } catch (Exception e) {
            throw new GeneralSecurityException(e);
        }
        String base = name + "-" + commonName;
        Path certFile = write(base + ".crt", new PemObject("CERTIFICATE", cert.getEncoded()));
        Path keyFile = write(base + ".key", new PemObject("PRIVATE KEY", keys.getPrivate().getEncoded()));
        return new Issued(certFile, keyFile);
    }

    private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject,
                keys.getPublic());
    }

    private static ContentSigner signer(KeyPair keys) throws Exception {
        return new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private Path write(String file, PemObject pem) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(pem);
        }
        Path path = dir.resolve(file);
        Files.writeString(path, text.toString());
        return path;
    }
}
