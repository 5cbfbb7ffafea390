/**
 * The opt-in verification waiter of VerifiedDomain and VerifiedEmailAddress: a Pulumi dynamic resource whose create
 * polls GetEmailIdentity (check/wait-until-verified.ts) until SES has verified the identity for sending, so that
 * resources depending on it (a Cognito user pool's email settings, a service that sends at start) are created only
 * then. SES v2 has no such resource in any provider; SES v1's is `aws.ses.DomainIdentityVerification`.
 *
 * A preview never waits: the engine calls a dynamic provider's create only in an update. Pulumi serializes the
 * provider's functions into the state and runs them in a process of its own, so they reach ses-guard's code only by
 * `require("ses-guard")` inside their bodies (a module captured from this file would be serialized by value), and
 * everything else they need travels in the resource's inputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_MAX_RPS } from "../check/rate-control";
import { ArgumentProblem } from "./argument-error";

/** How long and how often the waiter polls, and with which credentials. */
export interface VerificationWaitOptions {
    /** How long the waiter polls before it fails the update. @default 15 (SES looks for up to 72 hours) */
    timeoutMinutes?: number;
    /** The pause between two GetEmailIdentity calls. @default 15 */
    pollIntervalSeconds?: number;
    /**
     * A named profile of the shared AWS config files. @default the AWS SDK's default credential chain of the
     * process running `pulumi up` (environment, AWS_PROFILE, SSO, instance or task role); an explicit aws.Provider's
     * own credentials (access keys, assumeRole) are not used
     */
    profile?: string;
}

/** The components' `waitForVerification` argument: `true` for the defaults, or the options. */
export type WaitForVerification = boolean | VerificationWaitOptions;

/** The longest wait accepted, in minutes: SES stops looking for a domain's records after 72 hours. */
const MAX_TIMEOUT_MINUTES = 72 * 60;

/** Why `value` is not a valid `waitForVerification`, or undefined. */
export function waitForVerificationProblem(field: string, value: WaitForVerification | undefined): ArgumentProblem | undefined {
    if (value === undefined || typeof value === "boolean") return undefined;
    if (typeof value !== "object" || value === null) {
        return { field, value, problem: "is neither a boolean nor an object", fix: "Pass true, or { timeoutMinutes, pollIntervalSeconds, profile }." };
    }
    const { timeoutMinutes, pollIntervalSeconds, profile } = value;
    if (timeoutMinutes !== undefined && !(typeof timeoutMinutes === "number" && timeoutMinutes > 0 && timeoutMinutes <= MAX_TIMEOUT_MINUTES)) {
        return {
            field: `${field}.timeoutMinutes`,
            value: timeoutMinutes,
            problem: `is not a number of minutes above 0 and at most ${MAX_TIMEOUT_MINUTES} (72 hours, after which SES stops looking)`,
            fix: "Give the minutes to wait, such as 15.",
        };
    }
    if (pollIntervalSeconds !== undefined && !(typeof pollIntervalSeconds === "number" && pollIntervalSeconds >= 1 && pollIntervalSeconds <= 3600)) {
        return {
            field: `${field}.pollIntervalSeconds`,
            value: pollIntervalSeconds,
            problem: "is not a number of seconds from 1 to 3600",
            fix: "Give the seconds between polls, such as 15.",
        };
    }
    if (profile !== undefined && (typeof profile !== "string" || profile.trim() === "")) {
        return { field: `${field}.profile`, value: profile, problem: "is not a profile name", fix: "Name a profile of ~/.aws/config, or leave profile out." };
    }
    return undefined;
}

/** The options `waitForVerification` asks for, or undefined when it asks for no wait. */
export function waitOptions(value: WaitForVerification | undefined): VerificationWaitOptions | undefined {
    if (value === undefined || value === false) return undefined;
    return value === true ? {} : value;
}

/** The waiter's inputs: the identity and everything the provider's create needs, as plain data. */
interface WaiterInputs {
    identity: string;
    region: string;
    identityArn: string;
    timeoutMs: number;
    pollIntervalMs: number;
    profile?: string;
    /** The request cap per second (verify's `--max-rps` default). */
    maxRps: number;
    requestTimeoutMs: number;
    connectTimeoutMs: number;
}

/** What the waiter holds once SES has verified the identity. */
interface WaiterOutputs extends WaiterInputs {
    /** `VerificationStatus` when the wait ended: SUCCESS. */
    status: string;
    /** `DkimAttributes.Status` (a domain's: SUCCESS), or "" when SES reports none. */
    dkimStatus: string;
    /** When the wait ended, ISO 8601. */
    verifiedAt: string;
}

/**
 * The waiter's provider, serialized into the state by Pulumi (see the module comment): its functions use nothing
 * from this file, only their arguments and `require`.
 */
export const verificationWaiterProvider: pulumi.dynamic.ResourceProvider<WaiterInputs, WaiterOutputs> = {
    async create(inputs: WaiterInputs): Promise<pulumi.dynamic.CreateResult<WaiterOutputs>> {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const sesGuard = require("ses-guard") as Pick<typeof import("../check/wait-until-verified"), "waitUntilVerified">;
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const sdk = require("@pulumi/pulumi") as typeof pulumi;
        const verified = await sesGuard.waitUntilVerified({
            identity: inputs.identity,
            region: inputs.region,
            timeoutMs: inputs.timeoutMs,
            pollIntervalMs: inputs.pollIntervalMs,
            client: {
                profile: inputs.profile,
                maxRps: inputs.maxRps,
                requestTimeoutMs: inputs.requestTimeoutMs,
                connectTimeoutMs: inputs.connectTimeoutMs,
            },
            log: (message) => void sdk.log.info(message),
        });
        return {
            id: `${inputs.region}/${inputs.identity}`,
            outs: { ...inputs, status: verified.status, dkimStatus: verified.dkimStatus ?? "", verifiedAt: new Date().toISOString() },
        };
    },
    async diff(_id: string, olds: WaiterOutputs, news: WaiterInputs): Promise<pulumi.dynamic.DiffResult> {
        // Another identity (or the same name re-created, with a new ARN) replaces the waiter, which then waits again;
        // the other inputs only say how to wait.
        const replaces = ["identity", "region", "identityArn"].filter((k) => olds[k as keyof WaiterInputs] !== news[k as keyof WaiterInputs]);
        return { changes: replaces.length > 0, replaces, deleteBeforeReplace: false };
    },
};

/** The waiter's arguments. */
export interface VerificationWaiterArgs {
    /** The domain or address. */
    identity: string;
    /** The identity's region. */
    region: pulumi.Input<string>;
    /** The identity's ARN, echoed as `identityArn` once verified. */
    identityArn: pulumi.Input<string>;
    /** How to wait. */
    options: VerificationWaitOptions;
}

/**
 * A resource whose create returns once SES has verified the identity for sending (a domain: DKIM SUCCESS) and fails
 * the update otherwise; `identityArn` resolves only then, so a resource given it waits for verification.
 */
export class VerificationWaiter extends pulumi.dynamic.Resource {
    /** The identity's ARN, known once SES has verified it for sending. */
    declare readonly identityArn: pulumi.Output<string>;
    /** The identity's `VerificationStatus` when the wait ended (SUCCESS). */
    declare readonly status: pulumi.Output<string>;
    /** When SES was seen to have verified it. */
    declare readonly verifiedAt: pulumi.Output<string>;

    constructor(name: string, args: VerificationWaiterArgs, opts?: pulumi.CustomResourceOptions) {
        const minutes = args.options.timeoutMinutes ?? 15;
        const inputs: pulumi.Inputs = {
            identity: args.identity,
            region: args.region,
            identityArn: args.identityArn,
            timeoutMs: Math.round(minutes * 60_000),
            pollIntervalMs: Math.round((args.options.pollIntervalSeconds ?? 15) * 1000),
            profile: args.options.profile,
            // verify's defaults (--max-rps, --request-timeout, its connect timeout).
            maxRps: DEFAULT_MAX_RPS,
            requestTimeoutMs: 10_000,
            connectTimeoutMs: 5_000,
            status: undefined,
            dkimStatus: undefined,
            verifiedAt: undefined,
        };
        super(
            verificationWaiterProvider,
            name,
            inputs,
            { ...opts, customTimeouts: { create: `${Math.ceil(minutes) + 5}m`, ...opts?.customTimeouts } },
            "ses-guard",
            "VerificationWaiter",
        );
    }
}
