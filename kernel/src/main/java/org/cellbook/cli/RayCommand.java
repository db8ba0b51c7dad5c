package org.cellbook.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.cellbook.core.model.cv.ray.RayCluster;
import org.cellbook.core.model.cv.ray.RayCodePath;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cellbook ray start | stop | status}: a Ray cluster for the ray fold executor, run by the
 * project venv's {@code ray} command with its state in {@code .cellbook/ray}.
 */
@Command(name = "ray", mixinStandardHelpOptions = true,
        description = {"Start, stop or inspect a Ray cluster for --executor ray (the project's .venv ray, state in .cellbook/ray).",
                "Multi-node: cellbook ray start on the head; cellbook ray start --address HEAD:PORT on each other node",
                "(same Cellbook build at the same path); then cellbook run ... --executor ray --ray-address HEAD:PORT."},
        subcommands = {RayCommand.Start.class, RayCommand.Stop.class, RayCommand.Status.class},
        footer = {"", "Exit codes: 0 ok, 1 Ray failed, 2 bad option or no cluster."})
final class RayCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = {"Start a head node on this machine (or, with --address, a node joining a head) and print the address.",
                    "Java workers load Cellbook from kernel/target/cellbook.jar and kernel/target/lib (or CELLBOOK_RAY_CODE_SEARCH_PATH),",
                    "which must exist at the same path on every node."})
    static final class Start implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--address", paramLabel = "HEAD:PORT", description = "join this head instead of starting one")
        String address;

        @Option(names = "--port", paramLabel = "PORT", description = "head's GCS port; default: a free port")
        int port;

        @Option(names = "--num-cpus", paramLabel = "N", description = "CPUs this node offers to fold tasks; default: all")
        Integer numCpus;

        @Option(names = "--object-store-memory", paramLabel = "BYTES", description = "object store size; default: Ray's (30%% of RAM)")
        Long objectStoreBytes;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<Path> code = RayCodePath.resolve(); // fail now, not when the first worker starts
            RayCluster cluster = RayCluster.project();
            long t0 = System.nanoTime();
            if (address != null) {
                cluster.join(address, numCpus, objectStoreBytes);
                out.printf("joined the Ray cluster at %s (%.1f s)%n", address, (System.nanoTime() - t0) / 1e9);
            } else {
                String a = cluster.startHead(port, numCpus, objectStoreBytes);
                out.printf("Ray head started at %s (%.1f s); Ray's files are in %s%n", a, (System.nanoTime() - t0) / 1e9,
                        cluster.tempDir());
                out.println("use it:        cellbook run NOTEBOOK.ipynb --executor ray --ray-address " + a);
                out.println("               (or export RAY_ADDRESS=" + a + " and use --executor auto)");
                out.println("add a node:    cellbook ray start --address " + a + "   (on that node)");
                out.println("stop it:       cellbook ray stop");
            }
            out.println("workers' code: " + code);
            out.flush();
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop this project's Ray processes on this machine (only those: unlike ray stop, other clusters are left alone).")
    static final class Stop implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            RayCluster cluster = RayCluster.project();
            int n = cluster.stop();
            spec.commandLine().getOut().println(n == 0 ? "no Cellbook Ray processes were running"
                    : "stopped " + n + " Ray processes of " + cluster.stateDir());
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Print the cluster's nodes and resources (ray status).")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            RayCluster cluster = RayCluster.project();
            PrintWriter out = spec.commandLine().getOut();
            out.println("address: " + cluster.address() + "   processes on this machine: " + cluster.processes().size()
                    + " (" + cluster.javaWorkers().size() + " Java workers)");
            out.print(cluster.status());
            out.flush();
            return 0;
        }
    }
}
