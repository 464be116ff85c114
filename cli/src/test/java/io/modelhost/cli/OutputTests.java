package io.modelhost.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.modelhost.cli.Output.Column;

import static org.assertj.core.api.Assertions.assertThat;

class OutputTests {

	private static final JsonNode MODELS = Json.MAPPER.readTree("""
			[{"id": "a1", "name": "iris", "version": 2, "aliases": {"production": 2}, "runtime": {"loaded": true}},
			 {"id": "b22", "name": "wine quality", "version": 10, "aliases": null}]""");

	private static final List<Column> COLUMNS = List.of(Column.of("ID", "id"), Column.of("NAME", "name"),
			Column.of("VERSION", "version"), Column.of("LOADED", "/runtime/loaded"), Column.of("ALIASES", "aliases"));

	@Test
	void alignsColumnsAndShowsNullAsADash() {
		StringWriter text = new StringWriter();
		new Output(new PrintWriter(text), Output.Format.table).items(MODELS, COLUMNS);
		assertThat(text.toString().lines()).containsExactly("ID   NAME          VERSION  LOADED  ALIASES",
				"a1   iris          2        true    production=2", "b22  wine quality  10       -       -");
	}

	@Test
	void printsTheServersJsonInJsonOutput() {
		StringWriter text = new StringWriter();
		new Output(new PrintWriter(text), Output.Format.json).items(MODELS, COLUMNS);
		assertThat(Json.MAPPER.readTree(text.toString())).isEqualTo(MODELS);
	}

	@Test
	void printsFieldsAsNameAndValue() {
		StringWriter text = new StringWriter();
		new Output(new PrintWriter(text), Output.Format.table).fields(MODELS.get(0),
				List.of(Column.of("ID", "id"), Column.of("Loaded", "/runtime/loaded")));
		assertThat(text.toString().lines()).containsExactly("ID:     a1", "Loaded: true");
	}

	@Test
	void showsValuesShortly() {
		assertThat(Json.cell(Json.MAPPER.readTree("0.9533333333333334"))).isEqualTo("0.9533");
		assertThat(Json.cell(Json.MAPPER.readTree("0.25"))).isEqualTo("0.25");
		assertThat(Json.cell(Json.MAPPER.readTree("5.189964062744022E-4"))).isEqualTo("0.0005");
		assertThat(Json.cell(Json.MAPPER.readTree("[\"production\", \"canary\"]"))).isEqualTo("production, canary");
		assertThat(Json.cell(Json.MAPPER.readTree("{\"C\": 10.0, \"kernel\": \"rbf\"}")))
			.isEqualTo("C=10.0, kernel=rbf");
		assertThat(Json.cell(Json.MAPPER.readTree("{\"a\": [1]}"))).isEqualTo("{\"a\":[1]}");
	}

	@Test
	void leavesOutFieldsWithoutAValue() {
		StringWriter text = new StringWriter();
		new Output(new PrintWriter(text), Output.Format.table).fields(MODELS.get(1),
				List.of(Column.of("ID", "id"), Column.of("Aliases", "aliases")));
		assertThat(text.toString().lines()).containsExactly("ID:      b22");
	}

	@Test
	void drawsAProgressBar() {
		assertThat(Progress.bar("Uploading", 0.5, "1.0 MB / 2.0 MB"))
			.isEqualTo("Uploading [###############               ]  50% 1.0 MB / 2.0 MB");
		assertThat(Progress.bar("Training", 1.7, "")).isEqualTo("Training [##############################] 100%");
		assertThat(Progress.size(1536)).isEqualTo("1.5 KB");
	}

}
