package io.softmax4j.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * softmax4j's logging set-up, in code: warnings and errors to stderr, softmax4j's own INFO too
 * (softmax4j prints its progress to stdout; logging is for warnings and errors). Logback finds
 * it through {@code META-INF/services}; doing this in code instead of a {@code logback.xml}
 * saves the XML configurator's start-up, about 0.3 s of CPU in every process (measured), since
 * ND4J starts logging as it loads. A {@code -Dlogback.configurationFile=FILE} still wins.
 */
public final class LoggingConfigurator extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%-5level %logger{20} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        context.getLogger("io.softmax4j").setLevel(Level.INFO);
        // serve's access log, one line per request: batched by a writer thread, not a write per line
        BatchingStreamAppender access = new BatchingStreamAppender(() -> System.err);
        access.setContext(context);
        access.setName("ACCESS");
        access.setEncoder(encoder);
        access.start();
        ch.qos.logback.classic.Logger accessLogger = context.getLogger("io.softmax4j.serving.http.access");
        accessLogger.setAdditive(false);
        accessLogger.addAppender(access);
        // Spark (issue 16): softmax4j reports a failed task's reason itself, in one line
        context.getLogger("org.apache.spark.executor.Executor").setLevel(Level.OFF);
        context.getLogger("org.apache.spark.scheduler.TaskSetManager").setLevel(Level.OFF);
        context.getLogger("org.apache.spark.util.Utils").setLevel(Level.ERROR);
        context.getLogger("org.apache.hadoop.util.NativeCodeLoader").setLevel(Level.ERROR);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
