package dev.eventstreamer.infra.quarkus;

/** Reads the shared brokers' addresses from the system class loader's copies of the launchers. */
final class SystemLoader {

  private SystemLoader() {}

  static String kafkaBootstrap() throws ReflectiveOperationException {
    Object shared = call("dev.eventstreamer.infra.kafka.KafkaServer", "shared", null);
    return (String) shared.getClass().getMethod("bootstrapServers").invoke(shared);
  }

  static int artemisPort() throws ReflectiveOperationException {
    Object shared = call("dev.eventstreamer.infra.artemis.ArtemisServer", "shared", null);
    return (Integer) shared.getClass().getMethod("amqpPort").invoke(shared);
  }

  private static Object call(String type, String method, Object target)
      throws ReflectiveOperationException {
    Class<?> systemCopy = Class.forName(type, true, ClassLoader.getSystemClassLoader());
    return systemCopy.getMethod(method).invoke(target);
  }
}
