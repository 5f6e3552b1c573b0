package dev.autopilot.runner;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The runner runs untrusted agents, so it holds no database credentials and reaches work only
 * through the api-service. The build bans database client jars (maven-enforcer in the pom); this
 * keeps the code itself from reaching for JDBC or JPA.
 */
class NoDatabaseAccessTest {

  private static final JavaClasses RUNNER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.autopilot.runner");

  @Test
  void theRunnerNeverTouchesADatabase() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.sql..", "javax.sql..", "jakarta.persistence..", "org.hibernate..", "io.agroal..")
        .because("the runner talks to the api-service only and holds no database credentials")
        .check(RUNNER);
  }
}
