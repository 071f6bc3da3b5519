package dev.eventstreamer.common.problem.impl;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.quarkus.hibernate.validator.HibernateValidatorFactoryCustomizer;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.validator.BaseHibernateValidatorConfiguration;
import org.hibernate.validator.spi.nodenameprovider.JavaBeanProperty;
import org.hibernate.validator.spi.nodenameprovider.Property;
import org.hibernate.validator.spi.nodenameprovider.PropertyNodeNameProvider;

/**
 * Makes Hibernate Validator name properties as the application's Jackson mapper reads them, so a
 * violation says {@code event_signature.inputs[0].type}, the path the client sent, not the Java
 * names.
 */
@Singleton
final class JsonPropertyNames
    implements HibernateValidatorFactoryCustomizer, PropertyNodeNameProvider {

  private final Instance<ObjectMapper> mappers;
  private final Map<Class<?>, Map<String, String>> names = new ConcurrentHashMap<>();

  JsonPropertyNames(Instance<ObjectMapper> mappers) {
    this.mappers = mappers;
  }

  @Override
  public void customize(BaseHibernateValidatorConfiguration<?> configuration) {
    configuration.propertyNodeNameProvider(this);
  }

  @Override
  public String getName(Property property) {
    if (property instanceof JavaBeanProperty bean) {
      String json =
          names.computeIfAbsent(bean.getDeclaringClass(), this::jsonNames).get(bean.getName());
      if (json != null) {
        return json;
      }
    }
    return property.getName();
  }

  // Resolved lazily: the validator factory may be built before the mapper is ready.
  private Map<String, String> jsonNames(Class<?> type) {
    ObjectMapper mapper = mappers.get();
    BeanDescription description =
        mapper.getDeserializationConfig().introspect(mapper.constructType(type));
    Map<String, String> byJavaName = new HashMap<>();
    for (BeanPropertyDefinition p : description.findProperties()) {
      byJavaName.put(p.getInternalName(), p.getName());
    }
    return byJavaName;
  }
}
