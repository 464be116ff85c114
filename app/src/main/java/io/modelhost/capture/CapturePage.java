package io.modelhost.capture;

import java.util.List;

/**
 * One page of a model's captured rows, newest first.
 *
 * @param captures the rows of the page
 * @param page the page, from 0
 * @param size the most rows a page holds
 * @param total how many rows the window holds
 */
public record CapturePage(List<CapturedPrediction> captures, int page, int size, long total) {

	public CapturePage {
		captures = List.copyOf(captures);
	}

}
