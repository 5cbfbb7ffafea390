/**
 * One SES v2 client per region, as the AWS SDK builds it (default credential chain, `--profile`,
 * `AWS_ENDPOINT_URL_SESV2`, `AWS_MAX_ATTEMPTS`), plus what the check adds: a per-request timeout that
 * throws, a pacer that spaces every HTTP attempt (retries included), and call counting.
 */
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { CallCounter } from "./call-counter";
import { Pacer } from "./pacer";

/** How clients are built. */
export interface ClientSettings {
    /** A named profile from the shared config files; the SDK's default chain otherwise. */
    profile?: string;
    /** Requests per second per region, at most. */
    maxRps: number;
    /** Time one HTTP request may take before it is abandoned (and retried by the SDK). */
    requestTimeoutMs: number;
    /** Time to open a connection. */
    connectTimeoutMs: number;
    /** Aborts pacing waits when the overall deadline passes. */
    signal?: AbortSignal;
}

const THROTTLING_NAMES = new Set(["TooManyRequestsException", "ThrottlingException", "Throttling", "LimitExceededException", "SlowDown"]);

/** True when an SDK error is SES saying "slow down". */
export function isThrottlingError(err: unknown): boolean {
    const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
    return THROTTLING_NAMES.has(e?.name ?? "") || e?.$metadata?.httpStatusCode === 429;
}

/** A client for `region` (undefined: the SDK's own region resolution) with pacing and counting attached. */
export function createSesClient(region: string | undefined, settings: ClientSettings, counter: CallCounter): SESv2Client {
    const client = new SESv2Client({
        region,
        profile: settings.profile,
        requestHandler: {
            requestTimeout: settings.requestTimeoutMs,
            connectionTimeout: settings.connectTimeoutMs,
            throwOnRequestTimeout: true,
        },
    });
    const pacer = new Pacer(settings.maxRps);
    client.middlewareStack.add(
        (next, context) => async (args) => {
            await pacer.acquire(settings.signal);
            counter.request((context.commandName ?? "unknown").replace(/Command$/, ""), attemptNumber(args.request));
            try {
                return await next(args);
            } catch (err) {
                if (isThrottlingError(err)) counter.throttle();
                throw err;
            }
        },
        { step: "finalizeRequest", priority: "low", name: "sesGuardPacerAndCounter" },
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
