package dev.eventstreamer.chainconfig;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.concurrent.atomic.AtomicLong;

/** Chain ids no other test uses, and the registry calls the tests make. */
public final class TestChains {

  private static final AtomicLong NEXT = new AtomicLong(10_000);

  private TestChains() {}

  public static long nextId() {
    return NEXT.incrementAndGet();
  }

  /** An older-shape body for {@code id} with one local RPC URL. */
  public static String minimal(long id) {
    return """
        {"chain_id": %d, "name": "Chain %d", "rpc_urls": ["http://127.0.0.1:8545"]}"""
        .formatted(id, id);
  }

  public static ValidatableResponse post(String body) {
    return given().contentType(ContentType.JSON).body(body).when().post("/api/chains").then();
  }

  public static ValidatableResponse put(long id, String body) {
    return given()
        .contentType(ContentType.JSON)
        .body(body)
        .when()
        .put("/api/chains/{id}", id)
        .then();
  }

  /** A body REST Assured serializes, such as the chain object a GET returned, edited. */
  public static ValidatableResponse post(Object body) {
    return given().contentType(ContentType.JSON).body(body).when().post("/api/chains").then();
  }

  public static ValidatableResponse put(long id, Object body) {
    return given()
        .contentType(ContentType.JSON)
        .body(body)
        .when()
        .put("/api/chains/{id}", id)
        .then();
  }

  public static ValidatableResponse get(long id) {
    return given().when().get("/api/chains/{id}", id).then();
  }

  public static ValidatableResponse delete(long id) {
    return given().when().delete("/api/chains/{id}", id).then();
  }
}
