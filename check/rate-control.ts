/**
 * How fast the check talks to SES in one region. SES publishes no per-operation control-plane rate and sends
 * no rate-limit headers; its only signal is a throttling error. So the rate is found, not configured:
 * - requests start at {@link START_RPS} per second and the allowance doubles every second until SES first
 *   throttles (a slow start: a limit of 20/s is reached in about 5 s, and a limit of 1/s is found in the first second);
 * - from then on the AWS SDK's own adaptive retry mode decides: its client-side token bucket
 *   (`DefaultRateLimiter`, CUBIC) cuts the rate on every throttle and grows it back, here with a gentler
 *   growth than the SDK's default so that a limit as low as 1 request/s is probed about once every 30 s;
 * - `--max-rps` caps it all, and at most {@link MAX_IN_FLIGHT} requests are in flight per region.
 */
import { DefaultRateLimiter, isThrottlingError as sdkIsThrottling } from "@smithy/core/retry";
import { Pacer } from "./pacer";

/** The rate a region starts at, in requests per second. */
export const START_RPS = 1;

/** `--max-rps` when not given: the cap on the adaptive rate, per region. */
export const DEFAULT_MAX_RPS = 50;

/** Requests in flight per region at most: enough to hide latency at the rates SES allows. */
export const MAX_IN_FLIGHT = 8;

/**
 * CUBIC's scale constant for the SDK's limiter (its default is 0.4). After a throttle at rate r the rate
 * drops to 0.7 r and is back at r after (0.3 r / C)^(1/3) seconds: 31 s at 1/s, 84 s at 20/s, then creeps
 * above it; measured, a throttle comes about once per 30 calls at 1/s and far less often at higher rates
 * (bench/README.md), where the SDK's default would throttle every few seconds (a third of all calls at 1/s).
 * 0.00005 (18 s at 1/s) cost 1.06 to 1.08 calls per identity at 1/s; this one 1.047.
 */
const SCALE_CONSTANT = 0.00001;

/**
 * The lowest rate the SDK's limiter may fall to (its default is 0.5/s). SES's identity operations are
 * documented at one call per second ("You can execute this operation no more than once per second"); a
 * throttle in the very first half second, before the limiter has measured anything, would otherwise leave it
 * at 0.5/s for tens of seconds. Below 1/s, so that a limit of exactly 1/s is not hit on every jitter.
 */
const MIN_FILL_RATE = 0.8;

/** The limiter the SDK's AdaptiveRetryStrategy asks before every attempt (retries included). */
export class AdaptiveRate {
    private readonly sdk = new DefaultRateLimiter({ scaleConstant: SCALE_CONSTANT, minFillRate: MIN_FILL_RATE });
    private readonly pacer: Pacer;
    private startedAt: number | undefined;
    private throttledOnce = false;

    /** `maxRps`: the cap; `startRps`: the first second's rate. */
    constructor(maxRps: number, startRps = START_RPS) {
        const ramp = () => startRps * 2 ** ((Date.now() - (this.startedAt ?? Date.now())) / 1000);
        this.pacer = new Pacer(() => (this.throttledOnce ? maxRps : Math.min(maxRps, ramp())));
    }

    /** Waits until the next attempt may start. */
    async getSendToken(): Promise<void> {
        this.startedAt ??= Date.now();
        await this.pacer.acquire();
        await this.sdk.getSendToken();
    }

    /** Learns from an attempt's outcome (the SDK passes the retry error info, or `{}` on success). */
    updateClientSendingRate(response: unknown): void {
        const info = response as { errorType?: string; error?: unknown };
        if (info?.errorType === "THROTTLING" || (info?.error !== undefined && sdkIsThrottling(info.error as never))) this.throttledOnce = true;
        this.sdk.updateClientSendingRate(response);
    }
}
