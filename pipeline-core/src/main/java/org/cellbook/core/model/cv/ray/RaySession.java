package org.cellbook.core.model.cv.ray;

import io.ray.api.Ray;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one Ray connection of this JVM ({@code Ray.init} is global). Ray reads its settings from
 * system properties, so they are set here just before {@code Ray.init}; a second executor with
 * the same address reuses the connection, one with another address is refused.
 */
final class RaySession {
    private static String connected; // the address, or "LOCAL"
    private static boolean hooked;

    private RaySession() {
    }

    static synchronized void ensure(RayOptions o) {
        String want = o.localMode() ? "LOCAL" : o.address();
        if (Ray.isInitialized()) {
            if (connected != null && !connected.equals(want)) {
                throw new IllegalStateException("this JVM is already connected to Ray at " + connected
                        + "; one JVM talks to one Ray cluster (asked for " + want + ")");
            }
            connected = want;
            return;
        }
        if (o.localMode()) {
            System.setProperty("ray.run-mode", "LOCAL");
            System.clearProperty("ray.address");
            if (o.sessionDir() != null) {
                Path dir = o.sessionDir().toAbsolutePath();
                System.setProperty("ray.session-dir", dir.toString());
                System.setProperty("ray.logging.dir", dir.resolve("logs").toString());
            }
        } else {
            System.setProperty("ray.run-mode", "CLUSTER");
            System.setProperty("ray.address", o.address());
            System.setProperty("ray.job.code-search-path", o.codeSearchPath().stream().map(Path::toString)
                    .collect(Collectors.joining(File.pathSeparator)));
            List<String> jvm = o.workerJvmOptions();
            for (int i = 0; ; i++) { // clear a longer list set earlier in this JVM
                if (System.getProperty("ray.job.jvm-options." + i) == null) {
                    break;
                }
                System.clearProperty("ray.job.jvm-options." + i);
            }
            for (int i = 0; i < jvm.size(); i++) {
                // Typesafe config (Ray's) turns numbered properties into a list.
                System.setProperty("ray.job.jvm-options." + i, jvm.get(i));
            }
        }
        com.typesafe.config.ConfigFactory.invalidateCaches();
        Ray.init();
        connected = want;
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(RaySession::shutdown, "cellbook-ray-shutdown"));
        }
    }

    static synchronized void shutdown() {
        if (Ray.isInitialized()) {
            Ray.shutdown();
        }
        connected = null;
    }
}
