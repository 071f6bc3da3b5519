package dev.eventstreamer.chainconfig.rest;

import dev.eventstreamer.chainconfig.service.IngestionSetting;
import java.math.BigDecimal;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Adds each {@link IngestionSetting} to the chain schemas as a field of its own, with its type,
 * range and default: the classes hold them in one map, which no annotation could describe.
 */
public class IngestionSettingsSchema implements OASFilter {

  /** By name, whether it is a request body's: the chain object, alone and with a message. */
  private static final Map<String, Boolean> SCHEMAS =
      Map.of("ChainChanges", true, "ChainView", false, "ChainAnswer", false);

  @Override
  public void filterOpenAPI(OpenAPI openApi) {
    if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
      return;
    }
    SCHEMAS.forEach(
        (name, request) -> {
          Schema schema = openApi.getComponents().getSchemas().get(name);
          if (schema != null) {
            for (IngestionSetting setting : IngestionSetting.values()) {
              schema.addProperty(setting.field(), property(setting, request));
            }
          }
        });
  }

  private static Schema property(IngestionSetting setting, boolean request) {
    Schema property =
        OASFactory.createSchema()
            .addType(
                switch (setting.kind()) {
                  case INTEGER -> Schema.SchemaType.INTEGER;
                  case NUMBER -> Schema.SchemaType.NUMBER;
                  case BOOLEAN -> Schema.SchemaType.BOOLEAN;
                });
    if (!setting.unit().isEmpty()) {
      property.description("In " + setting.unit());
    }
    setting.minimum().ifPresent(min -> property.minimum(new BigDecimal(min.toString())));
    setting.maximum().ifPresent(max -> property.maximum(new BigDecimal(max.toString())));
    if (request) {
      // What a new chain gets when the field is left out (an update keeps the stored value).
      property.defaultValue(setting.byDefault());
    }
    return property;
  }
}
