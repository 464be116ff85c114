package io.modelhost.capture;

/**
 * Whether and how much of a model's traffic is captured.
 *
 * @param enabled whether rows are captured at all
 * @param sampleRate the share of answered rows kept, each row drawn on its own, in [0, 1]
 * @param retentionDays how long captured rows are kept, 1 to 365 days
 */
public record CaptureSettings(boolean enabled, double sampleRate, int retentionDays) {

	/** A model's settings until its owner sets some: off. */
	public static final CaptureSettings OFF = new CaptureSettings(false, 0.1, 7);

	/**
	 * Checks every value.
	 * @throws InvalidCaptureRequestException naming the first field out of range
	 */
	public CaptureSettings {
		if (Double.isNaN(sampleRate) || sampleRate < 0 || sampleRate > 1) {
			throw new InvalidCaptureRequestException("sample_rate",
					"sample_rate must be in [0, 1] but was " + sampleRate);
		}
		if (retentionDays < 1 || retentionDays > 365) {
			throw new InvalidCaptureRequestException("retention_days",
					"retention_days must be in 1..365 but was " + retentionDays);
		}
	}

}
