package io.modelhost.datasets.web;

import java.net.URI;
import java.time.Duration;

import io.modelhost.accounts.Caller;
import io.modelhost.datasets.Dataset;
import io.modelhost.datasets.DatasetId;
import io.modelhost.datasets.DatasetKind;
import io.modelhost.datasets.DatasetPage;
import io.modelhost.datasets.DatasetPreview;
import io.modelhost.datasets.DatasetUpload;
import io.modelhost.datasets.Datasets;
import io.modelhost.datasets.ImageProfile;
import io.modelhost.datasets.TabularProfile;
import io.modelhost.datasets.TabularRow;
import io.modelhost.datasets.WrongDatasetKindException;
import io.modelhost.datasets.web.DatasetResponse.DatasetList;
import io.modelhost.datasets.web.DatasetResponse.DatasetPreviewResponse;
import io.modelhost.datasets.web.DatasetResponse.PreviewColumn;
import io.modelhost.web.QueryParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/datasets")
@Tag(name = "Datasets", description = "Upload CSV files and zips of labelled pictures to train models on")
class DatasetController {

	private final Datasets datasets;

	DatasetController(Datasets datasets) {
		this.datasets = datasets;
	}

	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@Operation(summary = "Upload a CSV file or a zip of labelled pictures as a dataset",
			description = "A zip (by its .zip name or its first bytes) is an image dataset (kind 'images'): PNG or "
					+ "JPEG pictures named by number (17.png, in any folder) with a labels.txt of lines '17 : cat', "
					+ "or one folder per class, either under one top folder if you like. Every picture is decoded; "
					+ "the answer counts the pictures per class and gives their size, or 'mixed'. A label without "
					+ "its picture, a picture without a label, an unreadable picture, an unsafe name ('..', an "
					+ "absolute path, a backslash, a link), too many entries or an archive that expands too far "
					+ "is refused with 422 listing the first 50 problems (errors[].entry, .line, .detail) and "
					+ "errorCount; __MACOSX/ and hidden files are ignored. Anything else is read as a CSV: "
					+ "a UTF-8 CSV (a byte order mark is fine) with a header row naming its columns; the "
					+ "delimiter (comma, semicolon or tab) is sniffed, and fields may be quoted with \" to hold "
					+ "delimiters and line breaks. The file is checked and profiled in one pass: rows, and per "
					+ "column its type (number, integer, category, boolean, text), missing values, distinct values, "
					+ "min/max/mean or the most frequent values. A file that is empty, binary, not UTF-8, has no "
					+ "header or has rows of the wrong width is refused with 422, naming the lines; nothing is "
					+ "kept. Over modelhost.datasets.max-upload-size: 413.")
	ResponseEntity<DatasetResponse> upload(Caller caller,
			@Parameter(description = "The CSV file or the zip of pictures") @RequestPart("file") MultipartFile file,
			@Parameter(description = "A name for the dataset (1-100 characters)") @RequestParam(
					required = false) @Nullable String name,
			@Parameter(description = "What the data is (up to 2000 characters)") @RequestParam(
					required = false) @Nullable String description) {
		Dataset dataset = this.datasets.upload(caller.userId(), (name != null) ? name : "", description,
				DatasetUpload.of(file));
		return ResponseEntity.created(URI.create("/api/v1/datasets/" + dataset.id().value()))
			.body(DatasetResponse.of(dataset));
	}

	@GetMapping
	@Operation(summary = "List your datasets", description = "Newest first, paginated.")
	DatasetList list(Caller caller, @RequestParam(defaultValue = "0") String page,
			@RequestParam(defaultValue = "20") String size) {
		DatasetPage result = this.datasets.list(caller.userId(), QueryParameters.number("page", page, 0, 1_000_000),
				QueryParameters.number("size", size, 1, 100));
		return new DatasetList(result.datasets().stream().map(DatasetResponse::of).toList(), result.page(),
				result.size(), result.total());
	}

	@GetMapping("/{id}")
	@Operation(summary = "One of your datasets, with its column profile")
	DatasetResponse get(Caller caller, @PathVariable String id) {
		return DatasetResponse.of(this.datasets.get(caller.userId(), DatasetId.parse(id)));
	}

	@GetMapping(path = "/{id}/images/{index}", produces = MediaType.IMAGE_PNG_VALUE)
	@Operation(summary = "A thumbnail of one picture of one of your image datasets",
			description = "A PNG at most 128 pixels on a side, drawn afresh from the picture (never the uploaded "
					+ "bytes). Pictures are indexed from 0 in the dataset's order: by number with a labels.txt, by "
					+ "class then name with class folders; each class's samples name its first ones. 404 "
					+ "image-not-found past the last index; 409 wrong-dataset-kind for a CSV dataset.")
	@ApiResponse(responseCode = "200", description = "The thumbnail",
			content = @Content(mediaType = MediaType.IMAGE_PNG_VALUE,
					schema = @Schema(type = "string", format = "binary")))
	ResponseEntity<byte[]> image(Caller caller, @PathVariable String id,
			@Parameter(description = "The picture's index, from 0") @PathVariable String index) {
		byte[] png = this.datasets.thumbnail(caller.userId(), DatasetId.parse(id),
				QueryParameters.number("index", index, 0, Integer.MAX_VALUE));
		return ResponseEntity.ok()
			.contentType(MediaType.IMAGE_PNG)
			.cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate())
			.body(png);
	}

	@GetMapping("/{id}/preview")
	@Operation(summary = "The first rows of one of your tabular datasets",
			description = "Values are typed by their column: numbers and integers as JSON numbers, booleans as "
					+ "true/false, categories and text as strings, missing values as null. 409 "
					+ "wrong-dataset-kind for an image dataset.")
	DatasetPreviewResponse preview(Caller caller, @PathVariable String id,
			@Parameter(description = "How many rows, 1-1000") @RequestParam(defaultValue = "20") String rows) {
		DatasetPreview preview = this.datasets.preview(caller.userId(), DatasetId.parse(id),
				QueryParameters.number("rows", rows, 1, 1000));
		var columns = switch (preview.dataset().profile()) {
			case TabularProfile tabular -> tabular.columns()
				.stream()
				.map((column) -> new PreviewColumn(column.name(), column.type().id()))
				.toList();
			case ImageProfile images -> throw new WrongDatasetKindException(images.kind(), DatasetKind.TABULAR);
		};
		return new DatasetPreviewResponse(preview.dataset().id().value(), columns,
				preview.rows().stream().map(TabularRow::values).toList());
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Delete one of your datasets", description = "Its row and its file, for good.")
	ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
		this.datasets.delete(caller.userId(), DatasetId.parse(id));
		return ResponseEntity.noContent().build();
	}

}
