package io.modelhost.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.modelhost.ModelhostProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses an upload the data directory's disk has no room for, before a byte of it is
 * written: a request whose declared length would leave less than
 * {@code modelhost.storage-reserve} free answers 507. Uploads are spooled to the data
 * directory, where the embedded database lives too; a disk filled by an upload would fail
 * the database's own writes. An upload without a declared length is received as usual,
 * and a disk that fills meanwhile answers 507 too ({@link DiskFull}).
 */
@Component
class StorageReserve extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(StorageReserve.class);

	private final Path dataDir;

	private final long reserve;

	private final ProblemResponses problems;

	StorageReserve(ModelhostProperties properties, ProblemResponses problems) {
		this.dataDir = properties.dataDir();
		this.reserve = properties.storageReserve().toBytes();
		this.problems = problems;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String contentType = request.getContentType();
		return request.getContentLengthLong() <= 0 || contentType == null
				|| !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long free = usableSpace();
		if (free >= 0 && free - request.getContentLengthLong() < this.reserve) {
			log.warn("Refused an upload of {} bytes to {}: {} bytes free, {} kept in reserve",
					request.getContentLengthLong(), request.getRequestURI(), free, this.reserve);
			this.problems.write(request, response,
					Problems.of(HttpStatus.INSUFFICIENT_STORAGE, "insufficient-storage", "Insufficient storage",
							"The server has no room left to store this upload; nothing of it was kept. Try again "
									+ "later, or with a smaller upload."));
			return;
		}
		chain.doFilter(request, response);
	}

	/** The free bytes on the data directory's disk, or -1 when they cannot be read. */
	private long usableSpace() {
		try {
			return Files.getFileStore(this.dataDir).getUsableSpace();
		}
		catch (IOException ex) {
			return -1;
		}
	}

}
