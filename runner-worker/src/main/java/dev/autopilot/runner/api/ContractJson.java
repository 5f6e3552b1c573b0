package dev.autopilot.runner.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autopilot.contract.Wire;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The contract's one enum rule ({@link Wire#configure}) on this service's JSON mapper. On top of
 * it, a constant only a newer api-service knows (a new issue kind, say) reads as null, so a runner
 * one version behind still takes the work; the prompt shows it as {@code unknown}.
 */
@Singleton
public class ContractJson implements ObjectMapperCustomizer {

  @Override
  public void customize(ObjectMapper mapper) {
    Wire.configure(mapper).configure(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL, true);
  }
}
