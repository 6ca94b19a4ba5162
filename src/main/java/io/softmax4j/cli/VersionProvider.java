package io.softmax4j.cli;

import picocli.CommandLine;

/** Reads the version from the jar manifest (or says "dev" when run from classes). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Softmax4jCli.class.getPackage().getImplementationVersion();
        return new String[]{"softmax4j " + (v == null ? "dev" : v)};
    }
}
