package io.modelhost.datasets;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Dataset settings.
 *
 * @param maxUploadSize the largest dataset file accepted, CSV or zip (default 100MB); a
 * bigger upload gets 413. Every multipart request is also capped by
 * {@code modelhost.registry.max-upload-size}, so the smaller of the two applies
 * @param maxColumns the most columns a CSV may have (default 1000)
 * @param maxArchiveEntries the most entries (files, folders, ignored junk included) an
 * image zip may list (default 100000)
 * @param maxExpandedSize the most bytes an image zip may inflate to in all (default 1GB),
 * counted as they are inflated, whatever the archive claims
 * @param maxEntrySize the most bytes one entry of an image zip may inflate to (default
 * 64MB)
 * @param maxCompressionRatio the most bytes an entry may inflate to per compressed byte
 * (default 100; pictures hardly compress, a zip bomb compresses a thousandfold); checked
 * once an entry passes 1 MiB, so that small text files compress as they like
 * @param maxImagePixels the most pixels one picture may have (default 16777216: 16
 * megapixels); a picture claiming more is refused before it is decoded
 * @param maxClasses the most classes an image dataset may have (default 1000)
 */
@ConfigurationProperties("modelhost.datasets")
public record DatasetsProperties(@DefaultValue("100MB") DataSize maxUploadSize, @DefaultValue("1000") int maxColumns,
		@DefaultValue("100000") int maxArchiveEntries, @DefaultValue("1GB") DataSize maxExpandedSize,
		@DefaultValue("64MB") DataSize maxEntrySize, @DefaultValue("100") int maxCompressionRatio,
		@DefaultValue("16777216") long maxImagePixels, @DefaultValue("1000") int maxClasses) {

	public DatasetsProperties {
		if (maxUploadSize.toBytes() < 1) {
			throw new IllegalArgumentException("maxUploadSize must be positive but was " + maxUploadSize);
		}
		if (maxColumns < 1) {
			throw new IllegalArgumentException("maxColumns must be >= 1 but was " + maxColumns);
		}
		if (maxArchiveEntries < 1) {
			throw new IllegalArgumentException("maxArchiveEntries must be >= 1 but was " + maxArchiveEntries);
		}
		if (maxExpandedSize.toBytes() < 1) {
			throw new IllegalArgumentException("maxExpandedSize must be positive but was " + maxExpandedSize);
		}
		if (maxEntrySize.toBytes() < 1) {
			throw new IllegalArgumentException("maxEntrySize must be positive but was " + maxEntrySize);
		}
		if (maxCompressionRatio < 1) {
			throw new IllegalArgumentException("maxCompressionRatio must be >= 1 but was " + maxCompressionRatio);
		}
		if (maxImagePixels < 1) {
			throw new IllegalArgumentException("maxImagePixels must be >= 1 but was " + maxImagePixels);
		}
		if (maxClasses < 2) {
			throw new IllegalArgumentException("maxClasses must be >= 2 but was " + maxClasses);
		}
	}

	/** The limits an image zip is read within. */
	public ArchiveLimits archiveLimits() {
		return new ArchiveLimits(this.maxArchiveEntries, this.maxExpandedSize.toBytes(), this.maxEntrySize.toBytes(),
				this.maxCompressionRatio, this.maxImagePixels, this.maxClasses);
	}

	/**
	 * The limits an image zip is read within, in bytes and counts.
	 *
	 * @param entries the most entries listed
	 * @param expandedBytes the most bytes inflated in all
	 * @param entryBytes the most bytes inflated per entry
	 * @param compressionRatio the most bytes inflated per compressed byte, past 1 MiB
	 * @param pixels the most pixels per picture
	 * @param classes the most classes
	 */
	public record ArchiveLimits(int entries, long expandedBytes, long entryBytes, int compressionRatio, long pixels,
			int classes) {

		public ArchiveLimits {
			if (entries < 1 || expandedBytes < 1 || entryBytes < 1 || compressionRatio < 1 || pixels < 1
					|| classes < 2) {
				throw new IllegalArgumentException("limits must be positive (classes >= 2) but were " + entries + ", "
						+ expandedBytes + ", " + entryBytes + ", " + compressionRatio + ", " + pixels + ", " + classes);
			}
		}

	}

}
