package io.modelhost.engine;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

import io.modelhost.engine.ImagePreprocessing.Layout;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImagePreprocessingTests {

	@Test
	void readsTheStoredValuesOfAGreyPngWithoutAGammaCurve() throws IOException {
		var grey = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
		grey.getRaster().setSample(0, 0, 0, 0);
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

}
