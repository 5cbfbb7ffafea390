/**
 * One SES v2 client per region, as the AWS SDK builds it (default credential chain, `--profile`,
 * `AWS_ENDPOINT_URL_SESV2`, `AWS_MAX_ATTEMPTS`), plus what the check adds: the SDK's adaptive retry mode
 * with the rate control of rate-control.ts, a whole-request timeout and a body cap (bounded-request-handler.ts),
 * throttled calls tried again while the deadline allows, and call counting.
 */
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { AdaptiveRetryStrategy } from "@smithy/core/retry";
import { BoundedRequestHandler } from "./bounded-request-handler";
import { CallCounter } from "./call-counter";
import { AdaptiveRate } from "./rate-control";
import { abortableSleep } from "./sleep";

/** How clients are built. */
export interface ClientSettings {
    /** A named profile from the shared config files; the SDK's default chain otherwise. */
    profile?: string;
    /** Requests per second per region, at most (the cap on the adaptive rate). */
    maxRps: number;
    /** The rate a region starts at. @default START_RPS */
    startRps?: number;
    /** Time one HTTP request may take as a whole, body included, before it is abandoned (and retried by the SDK). */
    requestTimeoutMs: number;
    /** Time to open a connection. */
    connectTimeoutMs: number;
    /** Aborts waits when the overall deadline passes. */
    signal?: AbortSignal;
}

const THROTTLING_NAMES = new Set(["TooManyRequestsException", "ThrottlingException", "Throttling", "LimitExceededException", "SlowDown"]);

/** True when an SDK error is SES saying "slow down". */
export function isThrottlingError(err: unknown): boolean {
    const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
    return THROTTLING_NAMES.has(e?.name ?? "") || e?.$metadata?.httpStatusCode === 429;
}

/** The pause before throttled call number `round` (1, 2, ...) is sent again once the SDK's own retries are spent. */
function throttledPauseMs(round: number): number {
    return Math.min(20_000, 1000 * 2 ** (round - 1)) * (0.5 + Math.random() / 2);
}

/** The SDK's attempts per call (`AWS_MAX_ATTEMPTS`, the profile's `max_attempts`, else 3). */
export async function sdkMaxAttempts(profile: string | undefined): Promise<number> {
    const client = new SESv2Client({ profile });
    try {
        return await client.config.maxAttempts();
    } finally {
        client.destroy();
    }
}

/** A client for `region` (undefined: the SDK's own region resolution) with rate control and counting attached. */
export function createSesClient(region: string | undefined, settings: ClientSettings, maxAttempts: number, counter: CallCounter): SESv2Client {
    const client = new SESv2Client({
        region,
        profile: settings.profile,
        requestHandler: new BoundedRequestHandler(
            { requestTimeout: settings.requestTimeoutMs, connectionTimeout: settings.connectTimeoutMs, throwOnRequestTimeout: true },
            settings.requestTimeoutMs,
        ),
        retryStrategy: new AdaptiveRetryStrategy(maxAttempts, { maxAttempts, rateLimiter: new AdaptiveRate(settings.maxRps, settings.startRps) }),
    });
    // Throttling costs time, never a verdict: a call still throttled after the SDK's attempts goes again
    // (each attempt through the adaptive limiter) until it is answered or the deadline passes.
    client.middlewareStack.add(
        (next) => async (args) => {
            for (let round = 1; ; round++) {
                try {
                    return await next(args);
                } catch (err) {
                    if (!isThrottlingError(err) || settings.signal?.aborted) throw err;
                    await abortableSleep(throttledPauseMs(round), settings.signal);
                    counter.again();
                }
            }
        },
        { step: "initialize", name: "sesGuardThrottledAgain" },
    );
    client.middlewareStack.add(
        (next, context) => async (args) => {
            counter.request((context.commandName ?? "unknown").replace(/Command$/, ""), attemptNumber(args.request));
            try {
                return await next(args);
            } catch (err) {
                if (isThrottlingError(err)) counter.throttle();
                throw err;
            }
        },
        { step: "finalizeRequest", priority: "low", name: "sesGuardCounter" },
    );
    return client;
}

/** The attempt number the SDK's retry middleware writes into `amz-sdk-request: attempt=N; max=M`. */
function attemptNumber(request: unknown): number {
    const headers = (request as { headers?: Record<string, string> })?.headers ?? {};
    const m = /attempt=(\d+)/.exec(headers["amz-sdk-request"] ?? "");
    return m ? Number(m[1]) : 1;
}

/** The region the SDK resolves without an explicit one (AWS_REGION, then the profile), or undefined. */
export async function defaultRegion(profile: string | undefined): Promise<string | undefined> {
    const client = new SESv2Client({ profile });
    try {
        return await client.config.region();
    } catch {
        return undefined;
    } finally {
        client.destroy();
    }
}
