package io.modelhost.protocols.web;

import org.jspecify.annotations.Nullable;

/** A request body of a media type the endpoint does not read. */
public final class UnsupportedContentTypeException extends ProtocolException {

	public UnsupportedContentTypeException(@Nullable String contentType, String supported) {
		super("this endpoint reads " + supported + " but the request's Content-Type is "
				+ ((contentType != null) ? "'" + contentType + "'" : "missing"));
	}

}
