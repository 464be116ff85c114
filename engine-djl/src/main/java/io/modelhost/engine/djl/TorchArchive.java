package io.modelhost.engine.djl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.modelhost.engine.ModelRejectedException.Kind;
import org.jspecify.annotations.Nullable;

/**
 * A PyTorch zip archive whose central directory has been read: every entry sits under one
 * root folder, as {@code torch.jit.save} and {@code torch.save} write it.
 *
 * @param file the archive
 * @param root the root folder's name, the first path segment of the first entry (the
 * segment libtorch uses too)
 * @param layout what the entries under the root say the archive holds
 * @param entries every entry by full name, in directory order
 */
record TorchArchive(Path file, String root, Layout layout, Map<String, ArchiveEntry> entries) {

	TorchArchive {
		entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
	}

	/** The entry at a path under the root, e.g. {@code data.pkl}. */
	Optional<ArchiveEntry> entry(String relative) {
		return Optional.ofNullable(this.entries.get(this.root + "/" + relative));
	}

	/**
	 * The first {@code maxBytes} uncompressed bytes of the entry at a path under the root
	 * (all of them if it is shorter).
	 * @throws ArchiveFormatException if there is no such entry or it is damaged
	 */
	byte[] read(String relative, int maxBytes) throws IOException {
		ArchiveEntry entry = entry(relative)
			.orElseThrow(() -> new ArchiveFormatException(Kind.INVALID, "The archive has no entry " + relative));
		var bytes = new ByteArrayOutputStream((int) Math.min(entry.size(), maxBytes));
		try (FileChannel channel = FileChannel.open(this.file, StandardOpenOption.READ)) {
			long dataOffset = CentralDirectory.locate(channel).dataOffset(entry);
			new EntryReader(channel).read(entry, dataOffset, (chunk, length) -> {
				bytes.write(chunk, 0, Math.min(length, maxBytes - bytes.size()));
				return bytes.size() < maxBytes;
			});
		}
		return bytes.toByteArray();
	}

	/** What a PyTorch archive holds, judged from its entry names. */
	enum Layout {

		/**
		 * A TorchScript program ({@code torch.jit.save}): {@code constants.pkl} or
		 * {@code code/} under the root.
		 */
		TORCHSCRIPT,

		/**
		 * A {@code torch.save} archive: {@code data.pkl} and {@code data/} under the root
		 * but no code. Weights or a pickled object that need the author's Python classes.
		 */
		TORCH_SAVE,

		/** Any other zip. */
		OTHER

	}

	/**
	 * Collects the evidence for a {@link Layout} one entry name at a time, in directory
	 * order. Not thread-safe.
	 */
	static final class Evidence {

		/** The first entry's first segment; null until an entry has been seen. */
		private @Nullable String root;

		private boolean constants;

		private boolean code;

		private boolean dataPickle;

		private boolean data;

		/** Takes an entry name; returns whether the layout may still change. */
		boolean accept(String name) {
			if (this.root == null) {
				int slash = name.indexOf('/');
				this.root = (slash > 0) ? name.substring(0, slash) : "";
			}
			if (!this.root.isEmpty() && name.startsWith(this.root + "/")) {
				String relative = name.substring(this.root.length() + 1);
				this.constants |= relative.equals("constants.pkl");
				this.code |= relative.startsWith("code/");
				this.dataPickle |= relative.equals("data.pkl");
				this.data |= relative.startsWith("data/") && relative.length() > "data/".length();
			}
			return layout() != Layout.TORCHSCRIPT;
		}

		String root() {
			return (this.root != null) ? this.root : "";
		}

		Layout layout() {
			if (this.constants || this.code) {
				return Layout.TORCHSCRIPT;
			}
			return (this.dataPickle && this.data) ? Layout.TORCH_SAVE : Layout.OTHER;
		}

	}

}
