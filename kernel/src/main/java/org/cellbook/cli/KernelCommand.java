package org.cellbook.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.cellbook.core.BadInputException;
import org.cellbook.core.env.Project;
import org.cellbook.kernel.KernelLauncher;
import org.cellbook.kernel.spec.KernelSpecs;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "kernel", mixinStandardHelpOptions = true,
        description = "The Cellbook Java kernel for Jupyter: install, list, remove its kernelspec, or start it.",
        subcommands = {KernelCommand.Install.class, KernelCommand.ListSpecs.class, KernelCommand.Remove.class,
                KernelCommand.Start.class})
final class KernelCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where to install: one of --user (default), --sys-prefix, --prefix P. */
    static final class Location {
        @Option(names = "--user", description = "the user's Jupyter data dir (default)")
        boolean user;

        @Option(names = "--sys-prefix", description = "the Python environment's prefix ($VIRTUAL_ENV, else the project's .venv)")
        boolean sysPrefix;

        @Option(names = "--prefix", paramLabel = "P", description = "P/share/jupyter/kernels")
        Path prefix;

        Path dataDir() {
            if (prefix != null) {
                return KernelSpecs.prefixDataDir(prefix);
            }
            if (sysPrefix) {
                Path p = sysPrefix();
                if (p == null) {
                    throw BadInputException.parameter("--sys-prefix", "no Python environment found (no $VIRTUAL_ENV, no .venv)",
                            "activate the venv or use --prefix");
                }
                return KernelSpecs.prefixDataDir(p);
            }
            return KernelSpecs.userDataDir(System.getenv());
        }
    }

    static Path sysPrefix() {
        String venv = System.getenv("VIRTUAL_ENV");
        if (venv != null && !venv.isBlank()) {
            return Path.of(venv);
        }
        Path local = Project.root().resolve(".venv");
        return Files.isDirectory(local) ? local : null;
    }

    @Command(name = "install", mixinStandardHelpOptions = true, description = "Write the kernelspec (kernel.json).")
    static final class Install implements Callable<Integer> {
        @ArgGroup(exclusive = true)
        Location location = new Location();

        @Option(names = "--name", paramLabel = "N", description = "kernel name (default: ${DEFAULT-VALUE})")
        String name = KernelSpecs.DEFAULT_NAME;

        @Option(names = "--display-name", description = "name shown in Jupyter (default: ${DEFAULT-VALUE})")
        String displayName = "Java (Cellbook)";

        @Option(names = "--jar", description = "the cellbook jar (default: the running one)")
        Path jar;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Path theJar = (jar != null ? jar : runningJar()).toAbsolutePath().normalize();
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            List<String> flags = jvmFlags(theJar);
            Path dir = KernelSpecs.install(location == null ? new Location().dataDir() : location.dataDir(), name, java, flags, theJar, displayName);
            spec.commandLine().getOut().println("installed kernelspec '" + name + "' in " + dir);
            return Main.EXIT_OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List installed Cellbook kernelspecs.")
    static final class ListSpecs implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            for (KernelSpecs.Installed i : KernelSpecs.list(KernelSpecs.searchPath(System.getenv(), sysPrefix()))) {
                spec.commandLine().getOut().println(i.name() + "\t" + i.dir() + "\t" + i.displayName());
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a Cellbook kernelspec.")
    static final class Remove implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "the kernelspec name")
        String name;

        @ArgGroup(exclusive = true)
        Location location;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            List<Path> dirs = location == null ? KernelSpecs.searchPath(System.getenv(), sysPrefix()) : List.of(location.dataDir());
            Path removed = KernelSpecs.remove(dirs, name);
            spec.commandLine().getOut().println("removed " + removed);
            return Main.EXIT_OK;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Run the kernel on a Jupyter connection file (Jupyter does this for you).")
    static final class Start implements Callable<Integer> {
        @Option(names = {"-f", "--connection-file"}, required = true, paramLabel = "F", description = "the connection file")
        Path connectionFile;

        @Option(names = "--base-channels", hidden = true, description = "use the base library's polling channels (benchmarks)")
        boolean baseChannels;

        @Override
        public Integer call() throws Exception {
            KernelLauncher.run(connectionFile, System.getenv(), baseChannels);
            return Main.EXIT_OK;
        }
    }

    /** The jar this code runs from; with classes directories (tests), the packaged jar of the project. */
    static Path runningJar() {
        try {
            Path p = Path.of(KernelCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (p.toString().endsWith(".jar")) {
                return p;
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through to the project jar
        }
        return Project.root().resolve("kernel/target/cellbook.jar");
    }

    /** The JVM flags the build wrote next to the jar (jvm-flags.txt). */
    static List<String> jvmFlags(Path jar) throws IOException {
        Path f = jar.getParent().resolve("jvm-flags.txt");
        if (!Files.isRegularFile(f)) {
            throw BadInputException.file(f, "JVM flags file missing next to the jar", "rebuild (./cellbook setup)");
        }
        String s = Files.readString(f).trim();
        return s.isEmpty() ? List.of() : Arrays.asList(s.split("\\s+"));
    }
}
