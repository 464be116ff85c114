package io.modelhost.engine;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

import io.modelhost.engine.ImagePreprocessing.Layout;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class ImagePreprocessingTests {

	@Test
	void greyPictureOfTheModelsSizeKeepsItsPixelsScaled() {
		var picture = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
		picture.getRaster().setSample(0, 0, 0, 255);
		picture.getRaster().setSample(2, 1, 0, 51);
		float[] values = ImagePreprocessing.unitScaled(3, 2, 1, Layout.NCHW).tensor(picture);
		assertThat(values).containsExactly(new float[] { 1f, 0f, 0f, 0f, 0f, 0.2f }, within(1e-6f));
	}

	@Test
	void readsTheStoredValuesOfAGreyPngWithoutAGammaCurve() throws IOException {
		var grey = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
		grey.getRaster().setSample(1, 0, 0, 100);
		grey.getRaster().setSample(2, 0, 0, 240);
		var png = new ByteArrayOutputStream();
		ImageIO.write(grey, "png", png);
		BufferedImage decoded = Pictures.decode(png.toByteArray(), Pictures.DEFAULT_MAX_PIXELS);
		var preprocessing = new ImagePreprocessing(3, 1, 1, Layout.NCHW, 1.0, new double[] { 0 }, new double[] { 1 });
		assertThat(preprocessing.tensor(decoded)).containsExactly(0f, 100f, 240f);
		var rgb = new ImagePreprocessing(3, 1, 3, Layout.NHWC, 1.0, new double[3], new double[] { 1, 1, 1 });
		assertThat(rgb.tensor(decoded)).containsExactly(0f, 0f, 0f, 100f, 100f, 100f, 240f, 240f, 240f);
	}

	@Test
	void sixteenBitGreyIsScaledTo255() {
		var picture = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
		picture.getRaster().setSample(0, 0, 0, 65535);
		assertThat(new ImagePreprocessing(1, 1, 3, Layout.NCHW, 1, new double[3], new double[] { 1, 1, 1 })
			.tensor(picture)).containsExactly(255f, 255f, 255f);
	}

	@Test
	void colourPictureBecomesGreyByLuminance() {
		var picture = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
		picture.setRGB(0, 0, 0xff0000);
		float[] values = new ImagePreprocessing(1, 1, 1, Layout.NCHW, 1, new double[] { 0 }, new double[] { 1 })
			.tensor(picture);
		assertThat(values[0]).isCloseTo(0.299f * 255, within(1e-3f));
	}

	@Test
	void channelsGoWhereTheLayoutPutsThem() {
		var picture = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
		picture.setRGB(0, 0, 0x010203);
		picture.setRGB(1, 0, 0x040506);
		double[] zeros = { 0, 0, 0 };
		double[] ones = { 1, 1, 1 };
		assertThat(new ImagePreprocessing(2, 1, 3, Layout.NCHW, 1, zeros, ones).tensor(picture)).containsExactly(1, 4,
				2, 5, 3, 6);
		assertThat(new ImagePreprocessing(2, 1, 3, Layout.NHWC, 1, zeros, ones).tensor(picture)).containsExactly(1, 2,
				3, 4, 5, 6);
		assertThat(new ImagePreprocessing(2, 1, 3, Layout.NHWC, 1, zeros, ones).shape(5)).containsExactly(5, 1, 2, 3);
	}

	@Test
	void standardizesPerChannel() {
		var picture = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
		picture.setRGB(0, 0, 0xff8000);
		float[] values = new ImagePreprocessing(1, 1, 3, Layout.NCHW, 1.0 / 255, new double[] { 0.5, 0.5, 0.5 },
				new double[] { 0.5, 0.25, 1 })
			.tensor(picture);
		assertThat(values).containsExactly(new float[] { 1f, (128 / 255f - 0.5f) / 0.25f, -0.5f }, within(1e-5f));
	}

	@Test
	void resizesBilinearly() {
		var picture = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
		picture.getRaster().setSample(0, 0, 0, 0);
		picture.getRaster().setSample(1, 0, 0, 200);
		float[] values = new ImagePreprocessing(4, 1, 1, Layout.NCHW, 1, new double[] { 0 }, new double[] { 1 })
			.tensor(picture);
		// centres of the 4 new pixels fall at -0.25, 0.25, 0.75 and 1.25 source pixels
		assertThat(values).containsExactly(new float[] { 0f, 50f, 150f, 200f }, within(1e-3f));
	}

	@Test
	void transparentPixelsAreBlack() {
		var picture = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
		picture.setRGB(0, 0, 0x00ffffff);
		assertThat(ImagePreprocessing.unitScaled(1, 1, 1, Layout.NCHW).tensor(picture)).containsExactly(0f);
	}

	@Test
	void refusesImpossibleSettings() {
		assertThatIllegalArgumentException().isThrownBy(() -> ImagePreprocessing.unitScaled(0, 28, 1, Layout.NCHW))
			.withMessageContaining("width and height");
		assertThatIllegalArgumentException().isThrownBy(() -> ImagePreprocessing.unitScaled(28, 28, 2, Layout.NCHW))
			.withMessageContaining("channels must be 1 or 3");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ImagePreprocessing(1, 1, 1, Layout.NCHW, 1, new double[] { 0 }, new double[] { 0 }))
			.withMessageContaining("std positive");
		assertThatIllegalArgumentException().isThrownBy(() -> Layout.of("chw"));
	}

	@Test
	void equalSettingsAreEqual() {
		assertThat(ImagePreprocessing.unitScaled(28, 28, 1, Layout.NCHW))
			.isEqualTo(ImagePreprocessing.unitScaled(28, 28, 1, Layout.NCHW))
			.isNotEqualTo(ImagePreprocessing.unitScaled(28, 28, 3, Layout.NCHW));
	}

}
