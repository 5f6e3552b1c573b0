package dev.autopilot.runner.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autopilot.contract.Wire;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** The contract's one enum rule ({@link Wire#configure}) on this service's JSON mapper. */
@Singleton
public class ContractJson implements ObjectMapperCustomizer {

  @Override
  public void customize(ObjectMapper mapper) {
    Wire.configure(mapper);
  }
}
