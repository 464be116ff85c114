package io.modelhost.benchmarks;

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

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * The heap an object graph holds, measured the way the server's runtime measures a loaded
 * model ({@code io.modelhost.runtime.internal.HeapGraph} in the app, which this module
 * cannot depend on): every object reachable through instance fields, at its size in this
 * JVM's layout. Class objects, class loaders, threads and enums are not followed, nor is
 * anything the module system keeps closed (run with the parent pom's
 * {@code modelhost.opens}).
 *
 * <p>
 * Not JOL's {@code GraphLayout}: on JDK 25 it cannot lay out records without an agent,
 * and the engines keep weights and signatures in records.
 */
final class HeapWalk {

	private static final int ALIGNMENT = 8;

	private final int headerBytes;

	private final int arrayHeaderBytes;

	private final int referenceBytes;

	private final Map<Class<?>, Layout> layouts = new IdentityHashMap<>();

	HeapWalk() {
		boolean compactHeaders = flag("UseCompactObjectHeaders");
		boolean compressedOops = flag("UseCompressedOops");
		boolean compressedClasses = compactHeaders || flag("UseCompressedClassPointers");
		this.headerBytes = compactHeaders ? 8 : (compressedClasses ? 12 : 16);
		this.arrayHeaderBytes = compactHeaders ? 12 : (compressedClasses ? 16 : 20);
		this.referenceBytes = compressedOops ? 4 : 8;
	}

	/** The bytes of every object reachable from {@code root}, {@code root} included. */
	long sizeOf(Object root) {
		Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		var pending = new ArrayDeque<Object>();
		pending.push(root);
		long total = 0;
		while (!pending.isEmpty()) {
			Object object = pending.pop();
			if (!seen.add(object)) {
				continue;
			}
			Class<?> type = object.getClass();
			if (type.isArray()) {
				Class<?> component = type.getComponentType();
				total += align(this.arrayHeaderBytes + (long) Array.getLength(object) * width(component));
				if (!component.isPrimitive()) {
					for (Object element : (Object[]) object) {
						follow(element, pending);
					}
				}
				continue;
			}
			Layout layout = this.layouts.computeIfAbsent(type, this::layout);
			total += layout.size();
			for (Field field : layout.references()) {
				try {
					follow(field.get(object), pending);
				}
				catch (IllegalAccessException ex) {
					// not opened to us: the object is counted, what it holds is not
				}
			}
		}
		return total;
	}

	private static void follow(Object value, ArrayDeque<Object> pending) {
		if (value != null && !(value instanceof Class) && !(value instanceof ClassLoader) && !(value instanceof Thread)
				&& !(value instanceof Enum)) {
			pending.push(value);
		}
	}

	private Layout layout(Class<?> type) {
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
		return new Layout(align(size), references);
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
		return (type == byte.class || type == boolean.class) ? 1 : this.referenceBytes;
	}

	private static long align(long size) {
		return (size + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
	}

	private static boolean flag(String name) {
		return Boolean.parseBoolean(
				ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name).getValue());
	}

	private record Layout(long size, List<Field> references) {

	}

}
