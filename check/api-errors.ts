/**
 * SDK errors in words: what went wrong talking to SES and what to do. Every one of them makes the run
 * exit 2 and the identities it touched count as not verified (fail closed).
 */
import { printable } from "./printable";
import { isThrottlingError } from "./ses-client";

/** The broad kind of an API failure. */
export type ApiErrorKind = "credentials" | "access-denied" | "throttled" | "server" | "timeout" | "deadline" | "network" | "listing" | "other";

/** A failed SES call, explained. */
export interface ApiProblem {
    kind: ApiErrorKind;
    /** One line: what failed and what to do. */
    message: string;
}

/** The reason the overall `--timeout` deadline aborts with. */
export class DeadlineError extends Error {
    /** `seconds`: the deadline that passed. */
    constructor(seconds: number) {
        super(`the overall deadline (--timeout ${seconds}s) passed before SES answered`);
        this.name = "DeadlineError";
    }
}

/** Errors that say the credentials themselves are bad (expired, unknown, or signed with the wrong secret). */
const BAD_CREDENTIALS = new Set([
    "ExpiredToken",
    "ExpiredTokenException",
    "RequestExpired",
    "UnrecognizedClient",
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "SignatureDoesNotMatch",
    "InvalidSignatureException",
    "IncompleteSignatureException",
]);

/** Network failures that are not timeouts: nothing answered, or the connection was cut. */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "EPIPE", "EHOSTUNREACH", "ENETUNREACH"]);

/**
 * Explains an error thrown by an SES call of `operation` in `region` (made with the named `profile` if any), in
 * one line without terminal control characters: error names, codes and messages come from the endpoint (and a
 * listing's from the names it lists).
 */
export function explainApiError(err: unknown, operation: string, region: string, profile?: string): ApiProblem {
    const problem = explain(err, operation, region, profile);
    return { ...problem, message: printable(problem.message) };
}

function explain(err: unknown, operation: string, region: string, profile?: string): ApiProblem {
    const e = err as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } };
    const name = e?.name ?? "Error";
    const status = e?.$metadata?.httpStatusCode;
    const where = `${operation} in ${region}`;
    const said = e?.message ? `: ${firstLine(e.message)}` : "";
    if (err instanceof DeadlineError) return { kind: "deadline", message: `${where}: ${err.message}; raise --timeout` };
    if (name === "ListingError") return { kind: "listing", message: `${where}: ${e.message}` };
    if (name === "MalformedAnswerError") return { kind: "other", message: `${where}: ${e.message}` };
    if (BAD_CREDENTIALS.has(name)) {
        return {
            kind: "credentials",
            message: `${where}: the AWS credentials are expired or wrong (${name})${said}. Refresh them (a new session, \`aws sso login\`) or check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE or --profile`,
        };
    }
    if (name === "CredentialsProviderError" || /credential/i.test(name)) {
        // The SDK's own text never names the profile it was given.
        if (profile !== undefined)
            return {
                kind: "credentials",
                message: `${where}: no usable AWS credentials from profile '${profile}' (--profile)${said}. Check that ~/.aws/config or ~/.aws/credentials defines [profile ${profile}] with credentials, or log in to it (\`aws sso login --profile ${profile}\`)`,
            };
        return {
            kind: "credentials",
            message: `${where}: no usable AWS credentials${said}. Set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE or --profile, or run where a role is available`,
        };
    }
    if (name === "AccessDeniedException" || status === 403) {
        return { kind: "access-denied", message: `${where}: access denied (${name})${said}. The credentials need ses:${operation}` };
    }
    if (isThrottlingError(err))
        return {
            kind: "throttled",
            message: `${where}: SES kept throttling (${name}) until the run ended; raise --timeout or run when the account is quieter`,
        };
    if (NETWORK_CODES.has(e?.code ?? "")) return { kind: "network", message: `${where}: cannot reach SES (${e?.code})${said}` };
    if (name === "ResponseTooLargeError") return { kind: "other", message: `${where}: ${e.message}; the endpoint is not SES or is misbehaving` };
    if (name === "TimeoutError" || e?.code === "ETIMEDOUT" || /timed? ?out/i.test(e?.message ?? "")) {
        return { kind: "timeout", message: `${where}: no answer in time (${name})${said}; check the network or raise --request-timeout` };
    }
    if (name === "AbortError") return { kind: "deadline", message: `${where}: cut off by the overall deadline; raise --timeout` };
    if (status !== undefined && status >= 500) return { kind: "server", message: `${where}: SES answered ${status} ${name} after the SDK's retries${said}` };
    return { kind: "other", message: `${where}: ${name}${status ? ` (HTTP ${status})` : ""}${said}` };
}

/** The first line of a message (the SDK appends hints on further lines), without terminal control characters. */
function firstLine(message: string): string {
    return printable(message.split("\n")[0]);
}
