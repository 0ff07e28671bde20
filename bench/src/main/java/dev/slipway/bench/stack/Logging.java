package dev.slipway.bench.stack;

/**
 * Logging of the harness JVM: Kafka (broker, clients, Streams) logs through SLF4J to slf4j-simple, warnings and errors
 * only, on stderr; JBoss Logging (the canary topology's processor) goes the same way. Call first thing in main, before
 * any logger exists.
 */
public final class Logging {

    private Logging() {
    }

    public static void warningsOnly() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("bench.log.level", "warn"));
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        System.setProperty("org.jboss.logging.provider", "slf4j");
        // Log4j API arrives with the registry client; without a provider it complains once on stderr.
        System.setProperty("log4j2.loggerContextFactory", "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
    }
}
