package io.modelhost.engine;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.Raster;
import java.util.Arrays;
import java.util.Locale;

/**
 * How a picture becomes one input tensor of an image model: its size, colour channels,
 * memory layout and scaling. The trainer that fits an image model and the endpoint that
 * serves it convert pictures through the same instance, so a served picture is seen
 * exactly as a training picture was.
 *
 * <p>
 * A picture is resized to {@code width × height} (bilinear, edge pixels clamped) when it
 * has another size, reduced to grey by luminance (ITU-R BT.601) or expanded to RGB, its
 * 0..255 values multiplied by {@code scale}, then standardized per channel:
 * {@code (value - mean[c]) / std[c]}. Transparent pixels are composed over black.
 *
 * @param width the input width in pixels, 1..4096
 * @param height the input height in pixels, 1..4096
 * @param channels 1 (grey) or 3 (RGB)
 * @param layout where the channel axis sits in the tensor
 * @param scale the factor each 0..255 value is multiplied by first, e.g. {@code 1/255}
 * @param mean per channel, subtracted after scaling; one value per channel
 * @param std per channel, divided by last; one positive value per channel
 */
public record ImagePreprocessing(int width, int height, int channels, Layout layout, double scale, double[] mean,
		double[] std) {

	/** The largest width or height a model may take. */
	public static final int MAX_SIDE = 4096;

	public ImagePreprocessing {
		if (width < 1 || width > MAX_SIDE || height < 1 || height > MAX_SIDE) {
			throw new IllegalArgumentException(
					"width and height must be in 1.." + MAX_SIDE + " but were " + width + "×" + height);
		}
		if (channels != 1 && channels != 3) {
			throw new IllegalArgumentException("channels must be 1 or 3 but was " + channels);
		}
		if (!(scale > 0) || !Double.isFinite(scale)) {
			throw new IllegalArgumentException("scale must be a positive number but was " + scale);
		}
		if (mean.length != channels || std.length != channels) {
			throw new IllegalArgumentException("mean and std need one value per channel (" + channels + ") but had "
					+ mean.length + " and " + std.length);
		}
		for (int c = 0; c < channels; c++) {
			if (!Double.isFinite(mean[c]) || !(std[c] > 0) || !Double.isFinite(std[c])) {
				throw new IllegalArgumentException("mean must be finite and std positive but were "
						+ Arrays.toString(mean) + " and " + Arrays.toString(std));
			}
		}
		mean = mean.clone();
		std = std.clone();
	}

	/**
	 * Values in 0..1: each 0..255 value divided by 255, no standardization.
	 */
	public static ImagePreprocessing unitScaled(int width, int height, int channels, Layout layout) {
		double[] zeros = new double[channels];
		double[] ones = new double[channels];
		Arrays.fill(ones, 1.0);
		return new ImagePreprocessing(width, height, channels, layout, 1.0 / 255, zeros, ones);
	}

	@Override
	public double[] mean() {
		return this.mean.clone();
	}

	@Override
	public double[] std() {
		return this.std.clone();
	}

	/** The number of values one picture becomes. */
	public int valuesPerImage() {
		return this.width * this.height * this.channels;
	}

	/**
	 * The shape of a batch of {@code count} pictures, e.g. {@code [count, 1, 28, 28]}.
	 */
	public long[] shape(int count) {
		return switch (this.layout) {
			case NCHW -> new long[] { count, this.channels, this.height, this.width };
			case NHWC -> new long[] { count, this.height, this.width, this.channels };
		};
	}

	/**
	 * Converts one picture into {@link #valuesPerImage()} values in this layout.
	 */
	public float[] tensor(BufferedImage picture) {
		float[] values = new float[valuesPerImage()];
		write(picture, values, 0);
		return values;
	}

	/**
	 * Converts one picture into {@code values}, from {@code offset} on, so that a batch
	 * can be filled in place.
	 */
	public void write(BufferedImage picture, float[] values, int offset) {
		if (offset < 0 || values.length - offset < valuesPerImage()) {
			throw new IllegalArgumentException("no room for " + valuesPerImage() + " values at " + offset);
		}
		int[] rgb = argb(picture);
		float[][] planes = planes(rgb, picture.getWidth(), picture.getHeight());
		int pixels = this.width * this.height;
		for (int c = 0; c < this.channels; c++) {
			float[] plane = resize(planes[c], picture.getWidth(), picture.getHeight());
			double factor = this.scale / this.std[c];
			double shift = this.mean[c] / this.std[c];
			for (int i = 0; i < pixels; i++) {
				float value = (float) (plane[i] * factor - shift);
				int index = (this.layout == Layout.NCHW) ? c * pixels + i : i * this.channels + c;
				values[offset + index] = value;
			}
		}
	}

	/**
	 * The picture's pixels as ARGB. A grey picture (a grey PNG) is read from its samples:
	 * {@code getRGB} would treat its linear-grey colour space as needing a gamma curve
	 * and turn a stored 100 into 168, so a grey digit would not be seen as it was stored.
	 */
	private static int[] argb(BufferedImage picture) {
		ColorModel model = picture.getColorModel();
		Raster raster = picture.getRaster();
		int bands = raster.getNumBands();
		boolean grey = model.getColorSpace().getType() == ColorSpace.TYPE_GRAY
				&& (bands == 1 || (bands == 2 && model.hasAlpha()));
		if (!grey) {
			return picture.getRGB(0, 0, picture.getWidth(), picture.getHeight(), null, 0, picture.getWidth());
		}
		int width = raster.getWidth();
		int height = raster.getHeight();
		int[] argb = new int[width * height];
		int[] sample = new int[bands];
		double greyMax = (1 << model.getComponentSize(0)) - 1;
		double alphaMax = (bands == 2) ? (1 << model.getComponentSize(1)) - 1 : 1;
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				raster.getPixel(x, y, sample);
				int value = (int) Math.round(sample[0] * 255 / greyMax);
				int alpha = (bands == 2) ? (int) Math.round(sample[1] * 255 / alphaMax) : 255;
				argb[y * width + x] = (alpha << 24) | (value << 16) | (value << 8) | value;
			}
		}
		return argb;
	}

	/** Grey or R, G, B planes of 0..255 values, alpha composed over black. */
	private float[][] planes(int[] argb, int sourceWidth, int sourceHeight) {
		int pixels = sourceWidth * sourceHeight;
		float[][] planes = new float[this.channels][pixels];
		for (int i = 0; i < pixels; i++) {
			int pixel = argb[i];
			double alpha = ((pixel >>> 24) & 0xff) / 255.0;
			double red = ((pixel >> 16) & 0xff) * alpha;
			double green = ((pixel >> 8) & 0xff) * alpha;
			double blue = (pixel & 0xff) * alpha;
			if (this.channels == 1) {
				planes[0][i] = (float) (0.299 * red + 0.587 * green + 0.114 * blue);
			}
			else {
				planes[0][i] = (float) red;
				planes[1][i] = (float) green;
				planes[2][i] = (float) blue;
			}
		}
		return planes;
	}

	/** Bilinear resampling of one plane to this size, pixel centres aligned. */
	private float[] resize(float[] plane, int sourceWidth, int sourceHeight) {
		if (sourceWidth == this.width && sourceHeight == this.height) {
			return plane;
		}
		float[] resized = new float[this.width * this.height];
		double xRatio = (double) sourceWidth / this.width;
		double yRatio = (double) sourceHeight / this.height;
		for (int y = 0; y < this.height; y++) {
			double sy = Math.clamp((y + 0.5) * yRatio - 0.5, 0, sourceHeight - 1);
			int y0 = (int) sy;
			int y1 = Math.min(y0 + 1, sourceHeight - 1);
			double fy = sy - y0;
			for (int x = 0; x < this.width; x++) {
				double sx = Math.clamp((x + 0.5) * xRatio - 0.5, 0, sourceWidth - 1);
				int x0 = (int) sx;
				int x1 = Math.min(x0 + 1, sourceWidth - 1);
				double fx = sx - x0;
				double top = plane[y0 * sourceWidth + x0] * (1 - fx) + plane[y0 * sourceWidth + x1] * fx;
				double bottom = plane[y1 * sourceWidth + x0] * (1 - fx) + plane[y1 * sourceWidth + x1] * fx;
				resized[y * this.width + x] = (float) (top * (1 - fy) + bottom * fy);
			}
		}
		return resized;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof ImagePreprocessing that && this.width == that.width && this.height == that.height
				&& this.channels == that.channels && this.layout == that.layout
				&& Double.compare(this.scale, that.scale) == 0 && Arrays.equals(this.mean, that.mean)
				&& Arrays.equals(this.std, that.std);
	}

	@Override
	public int hashCode() {
		return java.util.Objects.hash(this.width, this.height, this.channels, this.layout, this.scale,
				Arrays.hashCode(this.mean), Arrays.hashCode(this.std));
	}

	@Override
	public String toString() {
		return this.width + "×" + this.height + "×" + this.channels + " " + this.layout + " scale " + this.scale
				+ " mean " + Arrays.toString(this.mean) + " std " + Arrays.toString(this.std);
	}

	/** Where the channel axis sits. */
	public enum Layout {

		/** Batch, channels, height, width: PyTorch and most ONNX vision models. */
		NCHW,
		/** Batch, height, width, channels: Keras and TensorFlow. */
		NHWC;

		/** The layout named, case-insensitively, e.g. {@code nchw}. */
		public static Layout of(String name) {
			for (Layout layout : values()) {
				if (layout.name().equalsIgnoreCase(name)) {
					return layout;
				}
			}
			throw new IllegalArgumentException("layout must be NCHW or NHWC but was '" + name + "'");
		}

		public String label() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
