package dev.autopilot.api.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.CanBeAnnotated;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The shape of the api-service, checked on its compiled classes (no container). */
class ArchitectureTest {

  private static final JavaClasses API =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.autopilot.api");

  @Test
  void featurePackagesDependOnEachOtherWithoutCycles() {
    slices().matching("dev.autopilot.api.(*)..").should().beFreeOfCycles().check(API);
  }

  @Test
  void resourcesNeverQueryTheDatabaseThemselves() {
    noClasses()
        .that()
        .haveSimpleNameEndingWith("Resource")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "javax.sql..", "io.agroal..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("jakarta.persistence.EntityManager")
        .because("resources stay thin: services and repositories hold the queries")
        .check(API);
  }

  @Test
  void onlyRepositoriesAndTheirQueriesReachTheDatabase() {
    noClasses()
        .that()
        .haveSimpleNameNotEndingWith("Repository")
        .and()
        .doNotHaveSimpleName("ClaimStatement")
        .and()
        .doNotHaveSimpleName("FeedbackInserts")
        .and()
        .doNotHaveSimpleName("IssueSearch")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("jakarta.persistence.EntityManager")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.sql.Connection")
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage("io.agroal..")
        // The named exceptions are the tuned statements repositories run (claim, feedback, search).
        .because("each aggregate (issue, run, outbox) has one repository that holds its SQL")
        .check(API);
  }

  @Test
  void resourcesNeverCallEntitiesThemselves() {
    noClasses()
        .that()
        .haveSimpleNameEndingWith("Resource")
        .should()
        .callMethodWhere(
            JavaCall.Predicates.target(
                HasOwner.Predicates.With.owner(
                    CanBeAnnotated.Predicates.annotatedWith(jakarta.persistence.Entity.class))))
        .because("a resource asks a service or a repository, never an entity's finders")
        .check(API);
  }
}
