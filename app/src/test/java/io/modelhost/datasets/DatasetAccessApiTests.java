package io.modelhost.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.modelhost.ApiClient;
import io.modelhost.HttpTests;
import io.modelhost.accounts.UserId;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static io.modelhost.datasets.DatasetUploadApiTests.DIABETES;
import static io.modelhost.datasets.DatasetUploadApiTests.IRIS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reading, listing, previewing and deleting datasets over real HTTP, and who may: the
 * owner alone; anyone else, administrators included, finds nothing; API keys are for
 * predictions.
 */
class DatasetAccessApiTests extends HttpTests {

	@Autowired
	Datasets datasets;

	@Test
	void listsTheOwnersDatasetsNewestFirstByPage() {
		ApiClient user = newUser();
		String first = upload(user, IRIS, "first");
		String second = upload(user, DIABETES, "second");
		String third = upload(user, IRIS, "third");
		JsonNode page = user.get("/api/v1/datasets?size=2").json();
		assertThat(page.get("total").asLong()).isEqualTo(3);
		assertThat(page.get("size").asInt()).isEqualTo(2);
		assertThat(page.get("items").findValuesAsString("id")).containsExactly(third, second);
		assertThat(page.get("items").get(0).get("columns").size()).isEqualTo(5);
		JsonNode next = user.get("/api/v1/datasets?size=2&page=1").json();
		assertThat(next.get("items").findValuesAsString("id")).containsExactly(first);
		assertThat(newUser().get("/api/v1/datasets").json().get("total").asLong()).isZero();
		ApiClient.Response bad = user.get("/api/v1/datasets?size=500");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/size");
	}

	@Test
	void previewsTypedRows() {
		ApiClient user = newUser();
		String id = upload(user, IRIS, "iris");
		JsonNode preview = user.get("/api/v1/datasets/" + id + "/preview").json();
		assertThat(preview.get("dataset_id").asString()).isEqualTo(id);
		assertThat(preview.get("columns").get(4).toString()).isEqualTo("{\"name\":\"species\",\"type\":\"category\"}");
		assertThat(preview.get("rows").size()).isEqualTo(20);
		assertThat(preview.get("rows").get(0).toString()).isEqualTo("[5.1,3.5,1.4,0.2,\"setosa\"]");
		assertThat(user.get("/api/v1/datasets/" + id + "/preview?rows=1000").json().get("rows").size()).isEqualTo(150);
		assertThat(user.get("/api/v1/datasets/" + id + "/preview?rows=3").json().get("rows").size()).isEqualTo(3);
		for (String rows : List.of("0", "1001", "many")) {
			ApiClient.Response bad = user.get("/api/v1/datasets/" + id + "/preview?rows=" + rows);
			assertThat(bad.status()).as(rows).isEqualTo(400);
			assertThat(bad.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/rows");
		}
	}

	@Test
	void deletesTheRowAndTheFile() {
		ApiClient user = newUser();
		String id = upload(user, IRIS, "doomed");
		Path directory = DATA_DIR.resolve("datasets").resolve(id);
		assertThat(directory.resolve("data")).exists();
		assertThat(user.delete("/api/v1/datasets/" + id).status()).isEqualTo(204);
		assertThat(directory).doesNotExist();
		assertThat(user.get("/api/v1/datasets/" + id).status()).isEqualTo(404);
		assertThat(user.delete("/api/v1/datasets/" + id).status()).isEqualTo(404);
		assertThat(user.get("/api/v1/datasets").json().get("total").asLong()).isZero();
	}

	@Test
	void anyoneButTheOwnerFindsNothing() {
		ApiClient owner = newUser();
		String id = upload(owner, IRIS, "mine");
		JsonNode before = owner.get("/api/v1/datasets/" + id).json();
		for (ApiClient other : List.of(newUser(), admin())) {
			for (ApiClient.Response response : List.of(other.get("/api/v1/datasets/" + id),
					other.get("/api/v1/datasets/" + id + "/preview"), other.delete("/api/v1/datasets/" + id))) {
				assertThat(response.status()).as(response.toString()).isEqualTo(404);
				assertThat(response.json().get("type").asString())
					.isEqualTo("https://modelhost.io/problems/dataset-not-found");
			}
			assertThat(other.get("/api/v1/datasets").body()).doesNotContain(id);
		}
		assertThat(owner.get("/api/v1/datasets/" + id + "/x").status()).isEqualTo(404);
		assertThat(owner.get("/api/v1/datasets/not-a-uuid").status()).isEqualTo(404);
		assertThat(owner.get("/api/v1/datasets/" + id).json()).isEqualTo(before);
	}

	@Test
	void administratorsSeeEveryonesDatasetsOnTheirOwnEndpointsOnly() {
		ApiClient owner = newUser();
		String id = upload(owner, DIABETES, "watched");
		String ownerId = owner.get("/api/v1/auth/me").json().get("id").asString();
		ApiClient admin = admin();
		JsonNode mine = admin.get("/api/v1/admin/datasets?owner_id=" + ownerId).json();
		assertThat(mine.get("total").asLong()).isEqualTo(1);
		assertThat(mine.get("items").get(0).get("id").asString()).isEqualTo(id);
		assertThat(mine.get("items").get(0).get("owner_id").asString()).isEqualTo(ownerId);
		assertThat(admin.get("/api/v1/admin/datasets").json().get("items").findValuesAsString("id")).contains(id);
		assertThat(admin.get("/api/v1/admin/datasets/" + id).json().get("rows").asLong()).isEqualTo(442);
		assertThat(admin.get("/api/v1/admin/datasets?owner_id=nobody").status()).isEqualTo(400);
		// on the owners' endpoints an administrator is a stranger (above): nothing to
		// delete
		assertThat(admin.delete("/api/v1/datasets/" + id).status()).isEqualTo(404);
		for (String path : List.of("/api/v1/admin/datasets", "/api/v1/admin/datasets/" + id)) {
			assertThat(owner.get(path).status()).as(path).isEqualTo(403);
		}
	}

	@Test
	void refusesApiKeysAsForManagement() {
		ApiClient owner = newUser();
		String id = upload(owner, IRIS, "keyed");
		ApiClient key = apiKeyClient(owner);
		for (ApiClient.Response response : List.of(key.get("/api/v1/datasets"), key.get("/api/v1/datasets/" + id),
				key.upload("/api/v1/datasets", IRIS, null, Map.of("name", "by key")),
				key.delete("/api/v1/datasets/" + id))) {
			assertThat(response.status()).as(response.toString()).isEqualTo(403);
			assertThat(response.json().get("type").asString()).endsWith("/forbidden");
		}
		assertThat(owner.get("/api/v1/datasets").json().get("total").asLong()).isEqualTo(1);
	}

	@Test
	void streamsTypedRowsAndTheProfileToTheOwnerThroughTheFacade() throws Exception {
		ApiClient owner = newUser();
		String id = upload(owner, IRIS, "for training");
		UserId user = new UserId(owner.get("/api/v1/auth/me").json().get("id").asString());
		DatasetId datasetId = new DatasetId(id);
		assertThat(this.datasets.profile(user, datasetId).rows()).isEqualTo(150);
		List<String> lines = Files.readAllLines(IRIS);
		try (Stream<TabularRow> rows = this.datasets.rows(user, datasetId)) {
			List<TabularRow> all = rows.toList();
			assertThat(all).hasSize(150);
			assertThat(all.getFirst().values()).containsExactly(5.1, 3.5, 1.4, 0.2, "setosa");
			assertThat(all.getLast().line()).isEqualTo(151);
			assertThat(all.getLast().get(4)).isEqualTo(lines.get(150).split(",")[4]);
		}
		UserId stranger = new UserId(newUser().get("/api/v1/auth/me").json().get("id").asString());
		assertThatExceptionOfType(DatasetNotFoundException.class)
			.isThrownBy(() -> this.datasets.rows(stranger, datasetId));
	}

	private String upload(ApiClient user, Path file, String name) {
		ApiClient.Response response = user.upload("/api/v1/datasets", file, null, Map.of("name", name));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json().get("id").asString();
	}

}
