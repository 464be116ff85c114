package io.modelhost.engine;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes untrusted PNG and JPEG pictures safely: the format is recognised from the
 * bytes, never from a name; the size is read from the header and refused before any pixel
 * is decoded when it passes the limits, so a small file that claims a huge canvas (a
 * decompression bomb) costs nothing; any decoder failure becomes an
 * {@link UnreadablePictureException} with a message fit for the user.
 *
 * <p>
 * Thread-safe; keeps no state.
 */
public final class Pictures {

	/** Pixels per picture by default: 16 megapixels (64 MB decoded as ARGB). */
	public static final long DEFAULT_MAX_PIXELS = 16L * 1024 * 1024;

	private static final Set<String> FORMATS = Set.of("png", "jpeg");

	static {
		ImageIO.setUseCache(false);
	}

	private Pictures() {
	}

	/**
	 * Decodes a PNG or JPEG picture of at most {@code maxPixels} pixels and
	 * {@link ImagePreprocessing#MAX_SIDE} × 4 on a side.
	 * @throws UnreadablePictureException when the bytes are not a PNG or JPEG, are
	 * damaged, or describe a picture over the limits
	 */
	public static BufferedImage decode(byte[] bytes, long maxPixels) {
		try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
			if (input == null) {
				throw new UnreadablePictureException("the picture cannot be read");
			}
			var readers = ImageIO.getImageReaders(input);
			if (!readers.hasNext()) {
				throw new UnreadablePictureException("the data is not a PNG or JPEG picture");
			}
			ImageReader reader = readers.next();
			try {
				String format = reader.getFormatName().toLowerCase(Locale.ROOT);
				if (!FORMATS.contains(format)) {
					throw new UnreadablePictureException(
							"the picture is " + format.toUpperCase(Locale.ROOT) + "; send a PNG or JPEG picture");
				}
				reader.setInput(input, true, true);
				long width = reader.getWidth(0);
				long height = reader.getHeight(0);
				long maxSide = 4L * ImagePreprocessing.MAX_SIDE;
				if (width < 1 || height < 1 || width > maxSide || height > maxSide || width * height > maxPixels) {
					throw new UnreadablePictureException(
							"the picture is " + width + "×" + height + " pixels; the most this server decodes is "
									+ maxPixels + " pixels and " + maxSide + " on a side");
				}
				BufferedImage picture = reader.read(0);
				if (picture == null) {
					throw new UnreadablePictureException("the picture cannot be read");
				}
				return picture;
			}
			finally {
				reader.dispose();
			}
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof UnreadablePictureException unreadable) {
				throw unreadable;
			}
			throw new UnreadablePictureException("the picture is damaged or not a PNG or JPEG picture");
		}
	}

	/** Whether the bytes start like a PNG or a JPEG file. */
	public static boolean looksLikePicture(byte[] bytes) {
		boolean png = bytes.length >= 8 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N'
				&& bytes[3] == 'G';
		boolean jpeg = bytes.length >= 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8
				&& (bytes[2] & 0xff) == 0xff;
		return png || jpeg;
	}

	/** A picture that cannot be decoded; the message is fit for the user. */
	public static final class UnreadablePictureException extends RuntimeException {

		public UnreadablePictureException(String message) {
			super(message);
		}

	}

}
