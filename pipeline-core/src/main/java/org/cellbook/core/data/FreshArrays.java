package org.cellbook.core.data;

import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import org.cellbook.core.Futures;

/**
 * Allocates a large array on another thread while the caller does other work. Allocating a few
 * hundred MB costs more than a simple pass over it: the JVM zeroes the array on the allocating
 * thread and the kernel maps each fresh page on first touch. Starting that early on a second
 * thread (for the second of two output arrays, or while the caller computes what it will write)
 * spreads it over both cores. The caller must {@link #await} before using the array.
 */
public final class FreshArrays {
    private FreshArrays() {
    }

    /** {@code supplier} run on a new daemon thread; the result comes from {@link #await}. */
    public static <T> FutureTask<T> onAnotherThread(Supplier<T> supplier) {
        FutureTask<T> task = new FutureTask<>(supplier::get);
        Thread.ofPlatform().daemon().name("cellbook-alloc").start(task);
        return task;
    }

    /** {@code new float[length]} on another thread. */
    public static FutureTask<float[]> floatsOnAnotherThread(int length) {
        return onAnotherThread(() -> new float[length]);
    }

    /** The allocated value; an OutOfMemoryError (or other failure) is rethrown as if raised here. */
    public static <T> T await(FutureTask<T> task) {
        return Futures.join(task, "allocating an array");
    }
}
