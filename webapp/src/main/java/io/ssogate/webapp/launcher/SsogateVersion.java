package io.ssogate.webapp.launcher;

import picocli.CommandLine.IVersionProvider;

/** The version {@code --version} shows and the start line names: the packaged jar's, else "development build". */
final class SsogateVersion implements IVersionProvider {

    static String number() {
        String version = SsogateVersion.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"ssogate " + number()};
    }
}
