package com.calendlysync.reports;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How reports write counts, rates and hours. */
final class Numbers {

    private Numbers() {
    }

    static long count(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** part / whole as a fraction with 4 decimals (0.1234 = 12.34 %), or null when whole is 0. */
    static BigDecimal rate(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
    }

    static BigDecimal decimal(Object value, int scale) {
        if (value == null) {
            return null;
        }
        BigDecimal d = value instanceof BigDecimal b ? b : BigDecimal.valueOf(((Number) value).doubleValue());
        return d.setScale(scale, RoundingMode.HALF_UP);
    }

    static BigDecimal hours(long minutes) {
        return BigDecimal.valueOf(minutes).divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP);
    }
}
