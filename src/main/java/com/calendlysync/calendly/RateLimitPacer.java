package com.calendlysync.calendly;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Keeps us inside Calendly's per-user request budget (500/min on paid plans, 50/min on Free).
 * Every answer carries X-RateLimit-Remaining and X-RateLimit-Reset: we spend the budget that is
 * left and, once it is used up, wait for the reset instead of provoking a 429. A 429 that
 * still comes (another integration sharing the user) blocks everyone on that token until its
 * Retry-After / X-RateLimit-Reset has passed. Budgets are kept per token, keyed by a digest so
 * the token itself is never held as a key.
 */
public final class RateLimitPacer {

    private static final long SLICE_NANOS = Duration.ofMillis(200).toNanos();

    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();

    private static final class Budget {
        long remaining = -1;
        long resetAtNanos;
        long blockedUntilNanos;
    }

    /**
     * Waits until a request may go out on this token, then takes one unit of the budget.
     * Returns how long it waited. Gives up (InterruptedException) when {@code stopping} says so.
     */
    public Duration awaitTurn(String token, BooleanSupplier stopping) throws InterruptedException {
        Budget budget = budgets.computeIfAbsent(key(token), k -> new Budget());
        long began = System.nanoTime();
        while (true) {
            long wait;
            synchronized (budget) {
                long now = System.nanoTime();
                if (budget.blockedUntilNanos - now > 0) {
                    wait = budget.blockedUntilNanos - now;
                } else if (budget.remaining == 0 && budget.resetAtNanos - now > 0) {
                    wait = budget.resetAtNanos - now;
                } else {
                    if (budget.remaining == 0) {
                        budget.remaining = -1; // the window has turned over; the next answer tells the new budget
                    } else if (budget.remaining > 0) {
                        budget.remaining--;
                    }
                    return Duration.ofNanos(System.nanoTime() - began);
                }
            }
            if (stopping.getAsBoolean()) {
                throw new InterruptedException("stopping while waiting for the Calendly rate limit");
            }
            Thread.sleep(Math.max(1, Math.min(wait, SLICE_NANOS) / 1_000_000));
        }
    }

    /** Records what an answer said about the budget (any of the values may be null). */
    public void observe(String token, Long remaining, Long resetSeconds) {
        if (remaining == null) {
            return;
        }
        Budget budget = budgets.computeIfAbsent(key(token), k -> new Budget());
        synchronized (budget) {
            budget.remaining = Math.max(0, remaining);
            if (resetSeconds != null) {
                budget.resetAtNanos = System.nanoTime() + Duration.ofSeconds(Math.max(0, resetSeconds)).toNanos();
            }
        }
    }

    /** After a 429: nobody on this token sends anything for {@code pause}. */
    public void block(String token, Duration pause) {
        Budget budget = budgets.computeIfAbsent(key(token), k -> new Budget());
        synchronized (budget) {
            long until = System.nanoTime() + pause.toNanos();
            if (until - budget.blockedUntilNanos > 0) {
                budget.blockedUntilNanos = until;
            }
            budget.remaining = -1;
        }
    }

    private static String key(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (token == null ? "" : token).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
