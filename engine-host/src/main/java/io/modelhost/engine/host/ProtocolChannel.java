package io.modelhost.engine.host;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Gives the worker's protocol a stdout of its own. Native code writes to file descriptor
 * 1 directly (libtorch's {@code print}, the JVM's own out-of-memory message), which would
 * corrupt the frames; so the pipe is duplicated to a new descriptor for the protocol and
 * descriptor 1 is pointed at stderr.
 */
final class ProtocolChannel {

	private ProtocolChannel() {
	}

	/** The stream the protocol writes to; afterwards, stdout writes go to stderr. */
	static OutputStream claimStdout() throws IOException {
		System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
		try {
			Linker linker = Linker.nativeLinker();
			var signature = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);
			MethodHandle dup = linker.downcallHandle(linker.defaultLookup().find("dup").orElseThrow(), signature);
			MethodHandle dup2 = linker.downcallHandle(linker.defaultLookup().find("dup2").orElseThrow(),
					FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
			int protocol = (int) dup.invokeExact(1);
			if (protocol < 0 || (int) dup2.invokeExact(2, 1) < 0) {
				throw new IOException("dup failed");
			}
			// opening a pipe's /proc entry opens the same pipe
			return new FileOutputStream("/proc/self/fd/" + protocol);
		}
		catch (Throwable ex) {
			System.err.println("the protocol shares stdout with native code: " + ex);
			return new FileOutputStream(FileDescriptor.out);
		}
	}

}
