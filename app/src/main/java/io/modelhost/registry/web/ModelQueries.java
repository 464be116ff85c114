package io.modelhost.registry.web;

import java.util.Locale;

import io.modelhost.registry.InvalidModelMetadataException;
import io.modelhost.registry.ModelQuery;
import io.modelhost.registry.ModelStatus;
import org.jspecify.annotations.Nullable;

/** Listing parameters as the API takes them, checked. */
final class ModelQueries {

	private ModelQueries() {
	}

	static ModelQuery of(@Nullable String name, @Nullable String status, @Nullable String format, String sort,
			String order, int page, int size, boolean archived) {
		return new ModelQuery(name, status(status), format, sort(sort), descending(order),
				requireRange("page", page, 0, 1_000_000), requireRange("size", size, 1, 100), archived);
	}

	static @Nullable ModelStatus status(@Nullable String status) {
		if (status == null || status.isBlank()) {
			return null;
		}
		try {
			return ModelStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidModelMetadataException("status", "status must be one of active, inactive, failed");
		}
	}

	private static ModelQuery.Sort sort(String sort) {
		try {
			return ModelQuery.Sort.valueOf(sort.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidModelMetadataException("sort", "sort must be one of created_at, updated_at, name");
		}
	}

	private static boolean descending(String order) {
		return switch (order.strip().toLowerCase(Locale.ROOT)) {
			case "desc" -> true;
			case "asc" -> false;
			default -> throw new InvalidModelMetadataException("order", "order must be asc or desc");
		};
	}

	private static int requireRange(String field, int value, int min, int max) {
		if (value < min || value > max) {
			throw new InvalidModelMetadataException(field, field + " must be in " + min + ".." + max);
		}
		return value;
	}

}
