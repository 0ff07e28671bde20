package dev.slipway.agent;

import java.util.Map;

/** Prices per million tokens by provider, in USD, for the release's pinned model. */
public record PriceTable(Map<String, Price> byProvider) {

    public record Price(double inputPerMillionTokens, double outputPerMillionTokens) {
        public Price {
            if (!(inputPerMillionTokens >= 0) || !(outputPerMillionTokens >= 0)) {
                throw new IllegalArgumentException("prices must be 0 or more");
            }
        }
    }

    public PriceTable {
        byProvider = Map.copyOf(byProvider);
    }

    /**
     * The cost of a call.
     *
     * @throws IllegalStateException for a provider without a price: an unpriced call would make every budget wrong
     */
    public double cost(String provider, long inputTokens, long outputTokens) {
        Price price = byProvider.get(provider);
        if (price == null) {
            throw new IllegalStateException("no price for provider '" + provider + "' (priced: "
                    + String.join(", ", new java.util.TreeSet<>(byProvider.keySet())) + ")");
        }
        return (inputTokens * price.inputPerMillionTokens() + outputTokens * price.outputPerMillionTokens()) / 1_000_000d;
    }
}
