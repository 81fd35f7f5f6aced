package io.ssogate.webapp.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of the design, checked on the compiled production classes of every module (webapp
 * sees them all on its test class path). A rule that breaks fails the build, naming the offending class.
 */
class ArchitectureRulesTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.ssogate");
    }

    /** In a reactor build the modules come as class folders or as jars; either way all must be seen. */
    @Test
    void everyModulesClassesAreImported() {
        for (String probe : List.of("io.ssogate.core.config.LiveConfig", "io.ssogate.proxy.ProxyServlet",
                "io.ssogate.sso.tomcat.GatewayValve", "io.ssogate.scim.ScimFeature", "io.ssogate.webapp.GatewayApplication",
                "io.ssogate.testkit.emulator.MattermostEmulator")) {
            assertTrue(production.contain(probe), probe + " was not imported: the rules would pass vacuously");
        }
    }

    @Test
    void theProxyKnowsNothingOfSingleSignOnOrScim() {
        noClasses().that().resideInAPackage("io.ssogate.proxy..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ssogate.sso..", "io.ssogate.scim..")
                .because("proxy-servlet offers hooks; identity and provisioning use them, never the reverse")
                .check(production);
    }

    @Test
    void noProductionCodeDependsOnTheTestkit() {
        noClasses().that().resideOutsideOfPackage("io.ssogate.testkit..")
                .should().dependOnClassesThat().resideInAPackage("io.ssogate.testkit..")
                .because("the emulator and fixtures are for tests; the demo runs the emulator as a process")
                .check(production);
    }

    @Test
    void coreDependsOnNoFeatureModule() {
        noClasses().that().resideInAPackage("io.ssogate.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.ssogate.proxy..", "io.ssogate.sso..", "io.ssogate.scim..", "io.ssogate.webapp..")
                .because("core is what the features share; it knows them only through the feature contract")
                .check(production);
    }

    @Test
    void noModuleReachesUpIntoTheWebapp() {
        noClasses().that().resideOutsideOfPackage("io.ssogate.webapp..")
                .should().dependOnClassesThat().resideInAPackage("io.ssogate.webapp..")
                .because("webapp assembles the gateway; nothing it assembles may depend on the assembly")
                .check(production);
    }

    @Test
    void featureModulesDoNotDependOnEachOther() {
        noClasses().that().resideInAPackage("io.ssogate.scim..")
                .should().dependOnClassesThat().resideInAPackage("io.ssogate.sso..")
                .because("SCIM and SSO share what they need through core and published services")
                .check(production);
    }
}
