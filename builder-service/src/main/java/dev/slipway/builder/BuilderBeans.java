package dev.slipway.builder;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.slipway.builder.promotion.Environments;
import dev.slipway.builder.promotion.PromotionGates;
import dev.slipway.release.ReleaseSigner;

class BuilderBeans {

    /** The builder's Ed25519 key: created on first start and kept, so signatures stay verifiable across restarts. */
    @Produces
    @Singleton
    ReleaseSigner signer(@ConfigProperty(name = "slipway.signing.key-file") Path keyFile) {
        return ReleaseSigner.loadOrCreate(keyFile);
    }

    /** The environments and their policies from {@code slipway.environments} and {@code slipway.environment.<name>.*}. */
    @Produces
    @Singleton
    PromotionGates promotionGates(org.eclipse.microprofile.config.Config config) {
        List<String> names = config.getOptionalValue("slipway.environments", String.class)
                .map(v -> List.of(v.split("\\s*,\\s*"))).orElse(Environments.defaults().names());
        return new PromotionGates(Environments.fromSettings(names, key -> config.getOptionalValue(key, String.class)));
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
