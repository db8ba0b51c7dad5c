package org.cellbook.cli;

import picocli.CommandLine;

/** Version line from the jar manifest (falls back to "dev" when run from classes). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {
                "cellbook " + (v == null ? "dev" : v),
                "JVM: " + System.getProperty("java.vm.name") + " " + Runtime.version()
        };
    }
}
