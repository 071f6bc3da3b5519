package dev.eventstreamer.chainconfig.rest;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;

/** The service's OpenAPI document as the running test application serves it. */
final class OpenApiDocument {

  private OpenApiDocument() {}

  static JsonPath fetch() {
    return given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }
}
