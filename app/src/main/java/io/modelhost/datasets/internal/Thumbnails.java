package io.modelhost.datasets.internal;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

/**
 * Small PNG copies of pictures for pages: drawn afresh into a new image, so that nothing
 * of the uploaded file (metadata, chunks, the encoder's choices) reaches a browser.
 * Thread-safe; keeps no state.
 */
public final class Thumbnails {

	/** The longest side of a thumbnail; smaller pictures keep their size. */
	public static final int MAX_SIDE = 128;

	private Thumbnails() {
	}

	/** The picture scaled down to fit {@link #MAX_SIDE}, as a PNG. */
	public static byte[] png(BufferedImage picture) throws IOException {
		double scale = Math.min(1.0, (double) MAX_SIDE / Math.max(picture.getWidth(), picture.getHeight()));
		int width = Math.max(1, (int) Math.round(picture.getWidth() * scale));
		int height = Math.max(1, (int) Math.round(picture.getHeight() * scale));
		boolean grey = ImageArchive.channels(picture) == 1 && !picture.getColorModel().hasAlpha();
		var thumbnail = new BufferedImage(width, height,
				grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_ARGB);
		Graphics2D graphics = thumbnail.createGraphics();
		try {
			graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
			graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
			graphics.drawImage(picture, 0, 0, width, height, null);
		}
		finally {
			graphics.dispose();
		}
		var out = new ByteArrayOutputStream();
		if (!ImageIO.write(thumbnail, "png", out)) {
			throw new IOException("no PNG writer");
		}
		return out.toByteArray();
	}

}
