package dev.autopilot.api.json;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The one enum rule for JSON, the same as the runner's and {@link dev.autopilot.contract.Wire}'s:
 * constants are written in lower case and read ignoring case. A name no constant has is a 400 that
 * lists the accepted names ({@code ProblemMapper}).
 */
@Singleton
public class ContractJson implements ObjectMapperCustomizer {

  @Override
  @SuppressWarnings("deprecation") // the builder form needs a mapper Quarkus does not let us build
  public void customize(ObjectMapper mapper) {
    mapper.configure(EnumFeature.WRITE_ENUMS_TO_LOWERCASE, true);
    mapper.configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, true);
  }
}
