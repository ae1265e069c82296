package io.slotway.demo;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Finds a redis-server to run: the one on PATH (Debian's package) when there is one, otherwise the Linux binary
 * shipped inside the embedded-redis Maven artifact, unpacked once to a temporary file.
 */
public final class RedisBinary {

    private static final String SHIPPED_AMD64 = "/redis-server-6.2.6-v5-linux-amd64";
    private static final String SHIPPED_ARM64 = "/redis-server-6.2.7-linux-arm64";
    private static Path shipped;

    private RedisBinary() {
    }

    public static synchronized Path find() throws IOException {
        Path onPath = onPath("redis-server");
        if (onPath != null) {
            return onPath;
        }
        if (shipped == null) {
            shipped = unpackShipped();
        }
        return shipped;
    }

    /** True when the binary is Debian's (or any on PATH) rather than the older shipped fallback. */
    public static boolean fromPath() {
        return onPath("redis-server") != null;
    }

    public static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static Path unpackShipped() throws IOException {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String resource = arch.contains("aarch64") || arch.contains("arm64") ? SHIPPED_ARM64 : SHIPPED_AMD64;
        try (InputStream in = RedisBinary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no redis-server on PATH and no shipped binary for " + arch
                        + "; install one (Debian: apt-get install redis-server)");
            }
            Path target = Files.createTempFile("slotway-redis-server-", "");
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            if (!target.toFile().setExecutable(true)) {
                throw new IOException("cannot make " + target + " executable");
            }
            target.toFile().deleteOnExit();
            return target;
        }
    }
}
