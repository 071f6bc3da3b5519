package dev.eventstreamer.infra;

import java.lang.reflect.InvocationTargetException;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Makes {@code shared()} servers JVM-wide across Quarkus' per-application class loaders. */
public final class JvmShared {

  // Quarkus creates test resources in an application class loader that it closes when the test
  // application stops: a static there is neither JVM-wide nor a safe home for a running broker.
  // The system class loader sees the same classes (surefire and IDEs put the test class path
  // there) and lives as long as the JVM, so its copy owns the server and the other copies only
  // read its connection details through JDK types.

  private JvmShared() {}

  /**
   * The object returned by {@code type.shared()} as the system class loader defines {@code type};
   * empty when {@code type} already is that copy or the system class loader cannot see it.
   */
  public static Optional<Object> fromSystemLoader(Class<?> type) {
    ClassLoader system = ClassLoader.getSystemClassLoader();
    if (type.getClassLoader() == system) {
      return Optional.empty();
    }
    Class<?> systemCopy;
    try {
      systemCopy = Class.forName(type.getName(), true, system);
    } catch (ClassNotFoundException | LinkageError e) {
      return Optional.empty();
    }
    if (systemCopy == type) {
      return Optional.empty();
    }
    return Optional.of(
        withContextLoader(system, () -> systemCopy.getMethod("shared").invoke(null)));
  }

  /** Calls the public no-argument {@code method} on an object from another class loader. */
  public static <T> T call(Object target, String method, Class<T> resultType) {
    try {
      return resultType.cast(target.getClass().getMethod(method).invoke(target));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "Cannot call " + method + "() on the shared " + target.getClass().getName(), e);
    }
  }

  /**
   * Runs {@code action} with {@code loader} as the thread context class loader, which threads the
   * server starts inherit and libraries use to load configured classes.
   */
  public static <T> T withContextLoader(ClassLoader loader, Callable<T> action) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return action.call();
    } catch (InvocationTargetException e) {
      throw propagate(e.getCause());
    } catch (Exception e) {
      throw propagate(e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static RuntimeException propagate(Throwable e) {
    if (e instanceof RuntimeException runtime) {
      return runtime;
    }
    if (e instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(e.getMessage(), e);
  }
}
