package io.modelhost.engine.jpmml;

import java.util.HashSet;
import java.util.Set;

import org.jpmml.python.PickleUtil;
import org.jpmml.sklearn.SkLearnUtil;

/**
 * The imports a scikit-learn pickle may reference: exactly the Python classes and
 * functions the converter knows how to rebuild as inert Java objects, plus numpy's and
 * joblib's array plumbing, minus every indirection a pickle could use to reach arbitrary
 * code.
 */
final class PickleAllowList {

	/**
	 * Plumbing that pickled estimators reference and the converter rebuilds implicitly.
	 */
	private static final Set<String> PLUMBING = Set.of("numpy.ndarray", "numpy.core.multiarray._reconstruct",
			"numpy._core.multiarray._reconstruct", "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar",
			"numpy.dtype", "joblib.numpy_pickle.NumpyArrayWrapper",
			"sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper", "copyreg._reconstructor",
			"copy_reg._reconstructor", "builtins.object", "__builtin__.object", "collections.OrderedDict",
			"builtins.set", "__builtin__.set", "builtins.frozenset", "__builtin__.frozenset", "builtins.slice",
			"_codecs.encode");

	/**
	 * Registered with the converter but refused here: each lets a pickle look up or call
	 * arbitrary attributes or carry code. The converter never runs them; refusing them is
	 * defence in depth, and no plain scikit-learn model needs them.
	 */
	private static final Set<String> DENIED = Set.of("builtins.getattr", "__builtin__.getattr", "functools.partial",
			"operator.attrgetter", "operator.itemgetter", "operator.methodcaller", "types.MethodType", "types.CodeType",
			"types.FunctionType", "joblib.numpy_pickle.NDArrayWrapper",
			"sklearn.externals.joblib.numpy_pickle.NDArrayWrapper");

	private static final Set<String> DENIED_MODULES = Set.of("dill", "os", "posix", "nt", "subprocess", "sys",
			"builtins", "__builtin__", "importlib", "runpy", "pickle", "_pickle", "marshal", "socket", "shutil",
			"ctypes", "pty", "code", "codeop", "inspect", "pkgutil", "webbrowser", "_operator", "operator", "torch");

	private final Set<String> allowed;

	private PickleAllowList(Set<String> allowed) {
		this.allowed = Set.copyOf(allowed);
	}

	/** The allow-list for the scikit-learn converter on the class path. */
	static PickleAllowList forScikitLearn() {
		SkLearnUtil.initOnce();
		var allowed = new HashSet<>(PickleUtil.getObjectConstructors().keySet());
		allowed.addAll(PLUMBING);
		return new PickleAllowList(allowed);
	}

	/** Whether a pickle may import {@code module.name}. */
	boolean allows(String qualifiedName) {
		if (DENIED.contains(qualifiedName)) {
			return false;
		}
		if (PLUMBING.contains(qualifiedName)) {
			return true;
		}
		String module = qualifiedName.substring(0, Math.max(0, qualifiedName.indexOf('.')));
		if (DENIED_MODULES.contains(module) && !isPlainType(qualifiedName)) {
			return false;
		}
		return this.allowed.contains(qualifiedName) || isPlainType(qualifiedName) || isScikitLearnClass(qualifiedName);
	}

	/**
	 * A class of scikit-learn's own (loss objects, KD-trees, distance metrics): the
	 * converter rebuilds these as inert dictionaries when it does not need them. Only
	 * classes (capitalised names) and Cython's unpickling helpers qualify, not functions.
	 */
	private static boolean isScikitLearnClass(String qualifiedName) {
		if (!qualifiedName.startsWith("sklearn.")) {
			return false;
		}
		String name = qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
		return Character.isUpperCase(name.charAt(0)) || name.startsWith("__pyx_unpickle_");
	}

	/** Constructors of plain values, which the converter registers under builtins. */
	private static boolean isPlainType(String qualifiedName) {
		return switch (qualifiedName) {
			case "builtins.bool", "builtins.float", "builtins.int", "builtins.str", "builtins.bytes",
					"builtins.complex", "builtins.bytearray", "builtins.dict", "builtins.list", "builtins.tuple",
					"__builtin__.bool", "__builtin__.float", "__builtin__.int", "__builtin__.str", "__builtin__.bytes",
					"__builtin__.complex", "__builtin__.bytearray", "__builtin__.dict", "__builtin__.list",
					"__builtin__.tuple" ->
				true;
			default -> false;
		};
	}

}
