package dev.eventstreamer.common.problem.impl;

import dev.eventstreamer.common.problem.Violation;
import dev.eventstreamer.common.problem.Violation.In;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Turns a violation of a resource method's parameters into where and what the client sent. */
final class RequestViolations {

  private RequestViolations() {}

  /** True when the server, not the client, is at fault: a constraint on what a method returns. */
  static boolean isReturnValue(ConstraintViolation<?> violation) {
    for (Path.Node node : violation.getPropertyPath()) {
      if (node.getKind() == ElementKind.RETURN_VALUE) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code resourceMethod} is the validated method; its parameter annotations say where each
   * parameter came from. Property names in the path are already JSON names ({@link
   * JsonPropertyNames}).
   */
  static Violation of(ConstraintViolation<?> violation, Method resourceMethod) {
    In in = In.BODY;
    String paramName = null;
    StringBuilder field = new StringBuilder();
    for (Path.Node node : violation.getPropertyPath()) {
      switch (node.getKind()) {
        case PARAMETER -> {
          int index = node.as(Path.ParameterNode.class).getParameterIndex();
          Optional<Source> source = source(resourceMethod, index);
          if (source.isPresent()) {
            in = source.get().in();
            // @RestQuery and friends may leave the name to the Java parameter name.
            paramName = source.get().name().isEmpty() ? node.getName() : source.get().name();
          }
        }
        case PROPERTY, CONTAINER_ELEMENT, BEAN -> {
          if (node.isInIterable()) {
            Object at = node.getIndex() != null ? node.getIndex() : node.getKey();
            field.append('[').append(at).append(']');
          }
          if (node.getKind() == ElementKind.PROPERTY) {
            if (field.length() > 0) {
              field.append('.');
            }
            field.append(node.getName());
          }
        }
        default -> {
          // METHOD, CONSTRUCTOR, CROSS_PARAMETER: not something the client named
        }
      }
    }
    String name = field.toString();
    if (paramName != null) {
      // A constrained parameter (@Size on a List<String> query parameter) may have a path below it.
      name = name.isEmpty() ? paramName : paramName + (name.startsWith("[") ? "" : ".") + name;
    }
    return new Violation(in, name, violation.getMessage());
  }

  private record Source(In in, String name) {}

  // Reading annotations of the resource method, which the validator itself reflects on.
  private static Optional<Source> source(Method method, int index) {
    if (method == null || index < 0 || index >= method.getParameterCount()) {
      return Optional.empty();
    }
    for (Annotation a : method.getParameterAnnotations()[index]) {
      if (a instanceof QueryParam q) {
        return Optional.of(new Source(In.QUERY, q.value()));
      } else if (a instanceof RestQuery q) {
        return Optional.of(new Source(In.QUERY, q.value()));
      } else if (a instanceof PathParam p) {
        return Optional.of(new Source(In.PATH, p.value()));
      } else if (a instanceof RestPath p) {
        return Optional.of(new Source(In.PATH, p.value()));
      } else if (a instanceof HeaderParam h) {
        return Optional.of(new Source(In.HEADER, h.value()));
      } else if (a instanceof RestHeader h) {
        return Optional.of(new Source(In.HEADER, h.value()));
      } else if (a instanceof CookieParam c) {
        // A cookie travels in the Cookie header.
        return Optional.of(new Source(In.HEADER, c.value()));
      } else if (a instanceof RestCookie c) {
        return Optional.of(new Source(In.HEADER, c.value()));
      } else if (a instanceof FormParam f) {
        return Optional.of(new Source(In.BODY, f.value()));
      } else if (a instanceof RestForm f) {
        return Optional.of(new Source(In.BODY, f.value()));
      }
    }
    return Optional.empty();
  }
}
