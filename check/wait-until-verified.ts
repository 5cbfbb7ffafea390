/**
 * The verification waiter's work: polls GetEmailIdentity for one identity until SES has verified it for sending
 * (and, for a domain, DKIM is SUCCESS), with the check's client (rate control, throttling retried until the
 * deadline, the SDK's credential chain), a deadline, and progress through `log`. It ends early when SES reaches a
 * state no wait can fix, and every failure says why and names the records that verify the identity (records/, as
 * `ses-guard verify` shows them): fail closed, an identity SES could not be asked about is never taken as verified.
 */
import { setMaxListeners } from "node:events";
import { identityKind } from "../records";
import { explainApiError } from "./api-errors";
import { CallCounter, CallCounts } from "./call-counter";
import { explainErrorType, explainStatus } from "./explanations";
import { ExpectedRecord, expectedRecords } from "./expected-records";
import { printable } from "./printable";
import { IdentityDetails, getIdentity } from "./ses-calls";
import { ClientSettings, createSesClient, sdkMaxAttempts } from "./ses-client";
import { abortableSleep, deadlineSignal } from "./sleep";
import { statusState } from "./wait-for-statuses";

/** What {@link waitUntilVerified} waits for and how. */
export interface WaitUntilVerifiedOptions {
    /** The domain or email address. */
    identity: string;
    /** The identity's region. */
    region: string;
    /** How long to wait in all before failing. */
    timeoutMs: number;
    /** The pause between two GetEmailIdentity calls. */
    pollIntervalMs: number;
    /** The client's settings (profile, rate cap, request timeouts); the deadline is the wait's own. */
    client: Omit<ClientSettings, "signal">;
    /** Receives one line of progress per poll that is not yet the end. */
    log: (message: string) => void;
}

/** What SES said when it had verified the identity. */
export interface VerifiedIdentity {
    identity: string;
    region: string;
    /** `VerificationStatus`: SUCCESS. */
    status: string;
    /** `DkimAttributes.Status` (SUCCESS for a domain), when SES reports it. */
    dkimStatus?: string;
    /** GetEmailIdentity answers read. */
    polls: number;
    /** Every HTTP attempt, throttled ones and retries included. */
    calls: CallCounts;
    elapsedMs: number;
}

/** The wait failed: the message says what SES said (or why it could not be asked) and what to do. */
export class VerificationWaitError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "VerificationWaitError";
    }
}

/** Where SES stands on an identity, for the wait. */
interface Standing {
    verified: boolean;
    /** True while SES may still get there by itself. */
    moving: boolean;
    /** One line: the statuses as SES gives them. */
    summary: string;
}

/** Reads one GetEmailIdentity answer. */
function standing(identity: string, details: IdentityDetails): Standing {
    const status = details.VerificationStatus ?? "";
    const sending = details.VerifiedForSendingStatus === true;
    const domain = identityKind(identity) === "domain";
    const dkim = details.DkimAttributes?.Status ?? "";
    const parts = [`verification ${status || "not reported"}`, `sending ${sending ? "enabled" : "not enabled"}`];
    if (domain) parts.push(`DKIM ${dkim || "not reported"}`);
    const summary = printable(parts.join(", "));
    const verified = status === "SUCCESS" && sending && (!domain || dkim === "SUCCESS");
    if (verified) return { verified, moving: false, summary };
    // Verified but not allowed to send (sending paused) is no state SES leaves by itself; DKIM may still be looking.
    const moving = status === "SUCCESS" ? sending && domain && statusState(dkim) === "moving" : statusState(status) === "moving";
    return { verified, moving, summary };
}

/** The records that verify the identity, as lines of a message (none for an address: a person clicks a link). */
function recordLines(records: readonly ExpectedRecord[]): string[] {
    const verifying = records.filter((r) => r.required && (r.purpose === "easy-dkim" || r.purpose === "byodkim" || r.purpose === "v1-verification"));
    return verifying.map((r) => `  - ${r.type} ${r.name} ${r.type === "CNAME" ? "->" : "="} ${r.value}`);
}

/** The failure for an identity SES has not verified: its statuses, their meaning, and the records it could not find. */
function notVerifiedMessage(options: WaitUntilVerifiedOptions, details: IdentityDetails, why: string): string {
    const { identity, region } = options;
    const kind = identityKind(identity);
    const state = standing(identity, details);
    const lines = [`SES has not verified ${identity} in ${region} for sending ${why}: ${state.summary}.`];
    const status = details.VerificationStatus ?? "";
    if (status !== "SUCCESS") lines.push(printable(explainStatus(status, kind, identity)) + ".");
    const errorType = details.VerificationInfo?.ErrorType;
    if (errorType) lines.push(printable(`${errorType}: ${explainErrorType(errorType)}`) + ".");
    if (status === "SUCCESS" && details.VerifiedForSendingStatus !== true) {
        lines.push("SES does not let it send although it is verified: sending is paused for it or for the account (see the SES console).");
    }
    const records = recordLines(expectedRecords(identity, region, details));
    if (records.length > 0) lines.push("SES could not find the records that verify it; publish them in public DNS:", ...records);
    return lines.join("\n");
}

/** The failure when SES could not be asked (or not in time): the API problem in words. */
function apiFailureMessage(options: WaitUntilVerifiedOptions, err: unknown, last: IdentityDetails | undefined, timedOut: boolean): string {
    const { identity, region } = options;
    if (timedOut) {
        const base = `the wait's deadline (${options.timeoutMs / 1000}s) passed`;
        if (last !== undefined)
            return `${notVerifiedMessage(options, last, `before ${base}`)}\nRaise the waiter's timeout if SES is still looking (it looks for up to 72 hours).`;
        return `SES did not answer GetEmailIdentity for ${identity} in ${region} before ${base} (throttled or unreachable); raise the waiter's timeout or try again later.`;
    }
    return `Cannot tell whether SES verified ${identity} in ${region}: ${explainApiError(err, "GetEmailIdentity", region).message}.`;
}

/**
 * Polls GetEmailIdentity until SES has verified `identity` for sending (a domain: with DKIM SUCCESS). Resolves with
 * what SES said; rejects with a {@link VerificationWaitError} when SES reaches a state no wait fixes (FAILED,
 * NOT_STARTED, sending paused), the identity does not exist, the API refuses (access denied, bad credentials), or
 * the deadline passes (throttling only ever costs time, up to it).
 */
export async function waitUntilVerified(options: WaitUntilVerifiedOptions): Promise<VerifiedIdentity> {
    const started = Date.now();
    const deadline = deadlineSignal(options.timeoutMs, () => new Error("deadline"));
    setMaxListeners(0, deadline.signal);
    const counter = new CallCounter();
    let last: IdentityDetails | undefined;
    let polls = 0;
    const maxAttempts = await sdkMaxAttempts(options.client.profile).catch((err: unknown) => {
        deadline.cancel();
        throw new VerificationWaitError(
            `The AWS SDK's retry settings cannot be read (AWS_MAX_ATTEMPTS or the profile's max_attempts): ${printable(String(err))}.`,
        );
    });
    const client = createSesClient(options.region, { ...options.client, signal: deadline.signal }, maxAttempts, counter);
    try {
        for (;;) {
            let details: IdentityDetails | undefined;
            try {
                details = await getIdentity(client, options.identity, deadline.signal);
            } catch (err) {
                throw new VerificationWaitError(apiFailureMessage(options, err, last, deadline.signal.aborted));
            }
            polls += 1;
            if (details === undefined) {
                throw new VerificationWaitError(
                    `SES has no identity ${options.identity} in ${options.region}: it was deleted, or lives in another region or account than the credentials reach.`,
                );
            }
            last = details;
            const state = standing(options.identity, details);
            if (state.verified) {
                return {
                    identity: options.identity,
                    region: options.region,
                    status: details.VerificationStatus ?? "",
                    dkimStatus: details.DkimAttributes?.Status,
                    polls,
                    calls: counter.snapshot(),
                    elapsedMs: Date.now() - started,
                };
            }
            if (!state.moving) throw new VerificationWaitError(notVerifiedMessage(options, details, "and no wait can change that"));
            const elapsed = Date.now() - started;
            options.log(
                `waiting for SES to verify ${options.identity} in ${options.region}: ${state.summary} ` +
                    `(${Math.round(elapsed / 1000)}s of ${Math.round(options.timeoutMs / 1000)}s)`,
            );
            try {
                await abortableSleep(Math.min(options.pollIntervalMs, Math.max(0, options.timeoutMs - elapsed)), deadline.signal);
            } catch (err) {
                throw new VerificationWaitError(apiFailureMessage(options, err, last, true));
            }
        }
    } finally {
        deadline.cancel();
        client.destroy();
    }
}
