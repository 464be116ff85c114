package io.modelhost.trainer.images;

import java.util.SplittableRandom;

import io.modelhost.engine.ImagePreprocessing;

/**
 * Random small geometric changes to training pictures: each time a picture is drawn it is
 * rotated by up to ±{@value #MAX_DEGREES}°, scaled by up to ±{@value #MAX_SCALE_CHANGE}
 * and shifted by up to {@value #MAX_SHIFT} of its width and height, about its centre,
 * with bilinear resampling. Works on the values the request's {@link ImagePreprocessing}
 * produced, so pictures are still converted only by it; what the change uncovers is
 * filled with what a black pixel becomes.
 *
 * <p>
 * Not thread-safe: one per training, fed by that training's seeded random source, so the
 * same seed gives the same pictures.
 */
final class Augmenter {

	static final double MAX_DEGREES = 8;

	static final double MAX_SCALE_CHANGE = 0.08;

	static final double MAX_SHIFT = 0.08;

	private final int width;

	private final int height;

	private final int channels;

	private final float[] fill;

	private final float[] scratch;

	private final SplittableRandom random;

	Augmenter(ImagePreprocessing input, SplittableRandom random) {
		this.width = input.width();
		this.height = input.height();
		this.channels = input.channels();
		this.fill = new float[this.channels];
		for (int c = 0; c < this.channels; c++) {
			this.fill[c] = (float) (-input.mean()[c] / input.std()[c]);
		}
		this.scratch = new float[input.valuesPerImage()];
		this.random = random;
	}

	/** Changes the picture (NCHW values) at {@code offset} of {@code values} in place. */
	void apply(float[] values, int offset) {
		double angle = Math.toRadians(uniform(MAX_DEGREES));
		double scale = 1 + uniform(MAX_SCALE_CHANGE);
		double shiftX = uniform(MAX_SHIFT) * this.width;
		double shiftY = uniform(MAX_SHIFT) * this.height;
		// output pixel p comes from source point R(-angle) (p - centre - shift) / scale +
		// centre
		double cos = Math.cos(angle) / scale;
		double sin = Math.sin(angle) / scale;
		double centreX = (this.width - 1) / 2.0;
		double centreY = (this.height - 1) / 2.0;
		int plane = this.width * this.height;
		System.arraycopy(values, offset, this.scratch, 0, this.scratch.length);
		for (int y = 0; y < this.height; y++) {
			double dy = y - centreY - shiftY;
			for (int x = 0; x < this.width; x++) {
				double dx = x - centreX - shiftX;
				double sourceX = cos * dx + sin * dy + centreX;
				double sourceY = -sin * dx + cos * dy + centreY;
				for (int c = 0; c < this.channels; c++) {
					values[offset + c * plane + y * this.width + x] = sample(c * plane, sourceX, sourceY, this.fill[c]);
				}
			}
		}
	}

	/** Bilinear sample of one channel plane of the copy; outside the picture is fill. */
	private float sample(int planeStart, double x, double y, float fillValue) {
		int x0 = (int) Math.floor(x);
		int y0 = (int) Math.floor(y);
		double fx = x - x0;
		double fy = y - y0;
		double top = pixel(planeStart, x0, y0, fillValue) * (1 - fx) + pixel(planeStart, x0 + 1, y0, fillValue) * fx;
		double bottom = pixel(planeStart, x0, y0 + 1, fillValue) * (1 - fx)
				+ pixel(planeStart, x0 + 1, y0 + 1, fillValue) * fx;
		return (float) (top * (1 - fy) + bottom * fy);
	}

	private float pixel(int planeStart, int x, int y, float fillValue) {
		if (x < 0 || y < 0 || x >= this.width || y >= this.height) {
			return fillValue;
		}
		return this.scratch[planeStart + y * this.width + x];
	}

	private double uniform(double limit) {
		return (this.random.nextDouble() * 2 - 1) * limit;
	}

}
