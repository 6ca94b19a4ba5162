package io.softmax4j.cli;

/**
 * A child process for {@link ChildJvmHostileTest}: installs softmax4j's handler for uncaught
 * errors, then fails in a worker thread (as DataVec did with an OutOfMemoryError) while the
 * main thread waits forever: only the handler can end the process.
 */
public final class FatalErrorMain {
    private FatalErrorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        FatalErrorHandler.install(args);
        Thread worker = new Thread(() -> {
            if (args[0].equals("oom")) {
                throw new OutOfMemoryError("Java heap space");
            }
            throw new IllegalStateException("boom\nforged line");
        }, "worker-1");
        worker.start();
        Thread.sleep(Long.MAX_VALUE);
    }
}
