package org.cellbook.cache;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a main class of the test sources in a separate JVM with the test class path. */
final class ChildJvm {
    private ChildJvm() {
    }

    static Process start(Class<?> main, Path output, String... args) throws IOException {
        return start(List.of(), main, output, args);
    }

    /** As above with extra JVM flags (e.g. {@code -XX:ActiveProcessorCount=1}). */
    static Process start(List<String> jvmFlags, Class<?> main, Path output, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // the module and native-access flags every Cellbook JVM gets (lz4 needs them)
            if (flag.startsWith("--add-opens") || flag.startsWith("--enable-native-access")
                    || flag.startsWith("--sun-misc-unsafe-memory-access")) {
                cmd.add(flag);
            }
        }
        cmd.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(jvmFlags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }
}
