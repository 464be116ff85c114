package io.modelhost.runtime.internal;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * The heap held by an object graph: walks every object reachable through instance fields
 * and sums their sizes in this JVM's layout (object header, compressed or plain
 * references, 8-byte alignment). Class objects, class loaders and threads are not
 * followed. Fields of JDK classes are followed where the module system allows (the
 * application opens {@code java.base}'s collection packages); elsewhere only the object
 * itself is counted.
 */
public final class HeapGraph {

	private static final int ALIGNMENT = 8;

	private static final int MAX_OBJECTS = 20_000_000;

	private final int headerBytes;

	private final int arrayHeaderBytes;

	private final int referenceBytes;

	private final Map<Class<?>, ClassLayout> layouts = new ConcurrentHashMap<>();

	public HeapGraph() {
		boolean compactHeaders = flag("UseCompactObjectHeaders", false);
		boolean compressedOops = flag("UseCompressedOops", true);
		boolean compressedClasses = compactHeaders || flag("UseCompressedClassPointers", true);
		this.headerBytes = compactHeaders ? 8 : (compressedClasses ? 12 : 16);
		this.arrayHeaderBytes = compactHeaders ? 12 : (compressedClasses ? 16 : 20);
		this.referenceBytes = compressedOops ? 4 : 8;
	}

	/** The bytes of every object reachable from {@code root}, {@code root} included. */
	public long sizeOf(Object root) {
		Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		var pending = new ArrayDeque<Object>();
		pending.push(root);
		long total = 0;
		while (!pending.isEmpty() && seen.size() < MAX_OBJECTS) {
			Object object = pending.pop();
			if (!seen.add(object)) {
				continue;
			}
			Class<?> type = object.getClass();
			if (type.isArray()) {
				int length = Array.getLength(object);
				Class<?> component = type.getComponentType();
				total += align(this.arrayHeaderBytes + (long) length * width(component));
				if (!component.isPrimitive()) {
					for (Object element : (Object[]) object) {
						if (followable(element)) {
							pending.push(element);
						}
					}
				}
				continue;
			}
			ClassLayout layout = this.layouts.computeIfAbsent(type, this::layout);
			total += layout.size();
			for (Field field : layout.references()) {
				try {
					Object value = field.get(object);
					if (followable(value)) {
						pending.push(value);
					}
				}
				catch (IllegalAccessException ex) {
					// not opened to us: the object is counted, what it holds is not
				}
			}
		}
		return total;
	}

	private static boolean followable(Object value) {
		return value != null && !(value instanceof Class) && !(value instanceof ClassLoader)
				&& !(value instanceof Thread) && !(value instanceof Enum);
	}

	private ClassLayout layout(Class<?> type) {
		long size = this.headerBytes;
		List<Field> references = new ArrayList<>();
		for (Class<?> c = type; c != null; c = c.getSuperclass()) {
			for (Field field : c.getDeclaredFields()) {
				if (Modifier.isStatic(field.getModifiers())) {
					continue;
				}
				size += width(field.getType());
				if (!field.getType().isPrimitive() && field.trySetAccessible()) {
					references.add(field);
				}
			}
		}
		return new ClassLayout(align(size), List.copyOf(references));
	}

	private int width(Class<?> type) {
		if (type == long.class || type == double.class) {
			return 8;
		}
		if (type == int.class || type == float.class) {
			return 4;
		}
		if (type == short.class || type == char.class) {
			return 2;
		}
		if (type == byte.class || type == boolean.class) {
			return 1;
		}
		return this.referenceBytes;
	}

	private static long align(long size) {
		return (size + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
	}

	private static boolean flag(String name, boolean fallback) {
		try {
			return Boolean.parseBoolean(
					ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name).getValue());
		}
		catch (RuntimeException ex) {
			return fallback;
		}
	}

	private record ClassLayout(long size, List<Field> references) {

	}

}
