package io.softmax4j.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Logback is set up in code (found through META-INF/services), as logback.xml set it up before. */
class LoggingConfiguratorTest {
    @Test
    void warningsGoToStderrAndSoftmax4jLogsInfo() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.WARN, root.getLevel());
        assertEquals(Level.INFO, context.getLogger("io.softmax4j").getLevel());
        assertTrue(context.getLogger("org.nd4j.linalg.factory.Nd4jBackend").getEffectiveLevel().isGreaterOrEqual(Level.WARN),
                "ND4J's INFO start-up lines stay hidden");
        ConsoleAppender<?> stderr = assertInstanceOf(ConsoleAppender.class, root.getAppender("STDERR"));
        assertEquals("System.err", stderr.getTarget());
    }
}
