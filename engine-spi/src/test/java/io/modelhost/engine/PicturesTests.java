package io.modelhost.engine;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import io.modelhost.engine.Pictures.UnreadablePictureException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PicturesTests {

	@Test
	void decodesPngAndJpeg() throws IOException {
		var picture = new BufferedImage(5, 4, BufferedImage.TYPE_INT_RGB);
		for (String format : new String[] { "png", "jpeg" }) {
			byte[] bytes = encode(picture, format);
			assertThat(Pictures.looksLikePicture(bytes)).isTrue();
			BufferedImage decoded = Pictures.decode(bytes, 100);
			assertThat(decoded.getWidth()).isEqualTo(5);
			assertThat(decoded.getHeight()).isEqualTo(4);
		}
	}

	@Test
	void refusesTooManyPixelsBeforeDecoding() throws IOException {
		byte[] bytes = encode(new BufferedImage(20, 20, BufferedImage.TYPE_BYTE_GRAY), "png");
		assertThatExceptionOfType(UnreadablePictureException.class).isThrownBy(() -> Pictures.decode(bytes, 399))
			.withMessageContaining("20×20");
	}

	@Test
	void refusesAHeaderClaimingAHugeCanvas() throws IOException {
		byte[] bytes = encode(new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY), "png");
		// rewrite the IHDR chunk: 100000 × 100000 pixels, CRC fixed so that only the size
		// is wrong
		ByteBuffer header = ByteBuffer.wrap(bytes);
		header.putInt(16, 100_000).putInt(20, 100_000);
		var crc = new CRC32();
		crc.update(bytes, 12, 17);
		header.putInt(29, (int) crc.getValue());
		assertThatExceptionOfType(UnreadablePictureException.class)
			.isThrownBy(() -> Pictures.decode(bytes, Pictures.DEFAULT_MAX_PIXELS))
			.withMessageContaining("100000×100000");
	}

	@Test
	void refusesWhatIsNotAPngOrJpeg() throws IOException {
		assertThatExceptionOfType(UnreadablePictureException.class)
			.isThrownBy(() -> Pictures.decode("hello".getBytes(), 100))
			.withMessage("the data is not a PNG or JPEG picture");
		byte[] gif = encode(new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_INDEXED), "gif");
		assertThatExceptionOfType(UnreadablePictureException.class).isThrownBy(() -> Pictures.decode(gif, 100))
			.withMessageContaining("GIF");
	}

	@Test
	void refusesATruncatedPicture() throws IOException {
		byte[] bytes = encode(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "png");
		byte[] truncated = Arrays.copyOf(bytes, bytes.length / 2);
		assertThatExceptionOfType(UnreadablePictureException.class)
			.isThrownBy(() -> Pictures.decode(truncated, Pictures.DEFAULT_MAX_PIXELS));
	}

	private static byte[] encode(BufferedImage picture, String format) throws IOException {
		var out = new ByteArrayOutputStream();
		assertThat(ImageIO.write(picture, format, out)).isTrue();
		return out.toByteArray();
	}

}
