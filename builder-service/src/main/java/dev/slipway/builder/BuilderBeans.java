package dev.slipway.builder;

import java.nio.file.Path;
import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.slipway.release.ReleaseSigner;

class BuilderBeans {

    /** The builder's Ed25519 key: created on first start and kept, so signatures stay verifiable across restarts. */
    @Produces
    @Singleton
    ReleaseSigner signer(@ConfigProperty(name = "slipway.signing.key-file") Path keyFile) {
        return ReleaseSigner.loadOrCreate(keyFile);
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
