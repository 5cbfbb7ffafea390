/**
 * `ses-guard verify` end to end: assigns regions, then per region (concurrently, one client each) asks
 * GetAccount, lists statuses (waiting with `--wait`), spends GetEmailIdentity only where details are
 * needed, checks configuration sets, judges every identity, and with `--dns` looks the records up.
 */
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { setMaxListeners } from "node:events";
import { CheckSetupError } from "./check-setup-error";
import { ApiProblem, DeadlineError, explainApiError } from "./api-errors";
import { CallCounter, CallCounts } from "./call-counter";
import { addLintFindings, createResolver, DnsSettings, lookupRecords } from "./dns-lookup";
import { PRIVATE_ZONE_TEXT } from "./explanations";
import { gatherDetails } from "./identity-details";
import { IdentityEvidence, judgeIdentity } from "./identity-checks";
import { IdentityResult } from "./identity-result";
import { identityKind } from "../records";
import { ProgressSink } from "./progress-sink";
import { AccountState, getAccount, listIdentities, ListedIdentity } from "./ses-calls";
import { ClientSettings, createSesClient, defaultRegion, sdkMaxAttempts } from "./ses-client";
import { deadlineSignal } from "./sleep";
import { StatusBoard } from "./status-board";
import { WaitControl, waitForStatuses, WaitOutcome } from "./wait-for-statuses";
import { dedupeTargets, identityKey, RegionalTarget, VerifyTarget } from "./verify-target";

/** Everything a run needs. */
export interface VerifyOptions {
    /** Identities named by the user; those without a region get `regions` (or the default region). */
    targets: VerifyTarget[];
    /** Check every identity of the account in `regions`. */
    all: boolean;
    /** `--region` values. */
    regions: string[];
    /** `--wait` in ms; undefined for a single look. */
    waitMs?: number;
    /** Pause between polls while waiting. */
    pollIntervalMs: number;
    /** Overall deadline in ms: the run never takes longer. */
    timeoutMs: number;
    /** How clients are built (the signal is added here). */
    client: Omit<ClientSettings, "signal">;
    /** `--dns` settings; undefined: no lookups. */
    dns?: DnsSettings;
    /** Live progress while waiting. */
    progress?: ProgressSink;
}

/** The sending state of the account in one region, or why it is unknown (which does not change the exit code). */
export interface AccountReport {
    region: string;
    account?: AccountState;
    error?: string;
}

/** What a run found; `exitCode` is what the command exits with. */
export interface VerifyReport {
    result: "verified" | "not-verified" | "error";
    exitCode: 0 | 1 | 2;
    identities: IdentityResult[];
    accounts: AccountReport[];
    calls: CallCounts;
    /** API problems, one line each. */
    errors: string[];
    /** How `--wait` went. */
    wait?: { seconds: number; polls: number; outcome: WaitOutcome };
    elapsedMs: number;
}

interface RegionOutcome {
    results: IdentityResult[];
    account: AccountReport;
    errors: string[];
    polls: number;
    outcome?: WaitOutcome;
}

/** Runs the check. Setup problems (no region to use) throw CheckSetupError; API problems are reported, exit 2. */
export async function runVerify(options: VerifyOptions): Promise<VerifyReport> {
    const started = Date.now();
    const deadline = deadlineSignal(options.timeoutMs, () => new DeadlineError(Math.round(options.timeoutMs / 1000)));
    // Every request in flight and every pause listens for the deadline.
    setMaxListeners(0, deadline.signal);
    try {
        const unreadable = options.targets.filter((t) => t.unreadable !== undefined);
        const { byRegion, allRegions } = await assignRegions({ ...options, targets: options.targets.filter((t) => t.unreadable === undefined) });
        const maxAttempts = await sdkMaxAttempts(options.client.profile).catch((err: unknown) => {
            throw new CheckSetupError(`the SDK's retry settings cannot be read: ${(err as Error).message}`);
        });
        const counter = new CallCounter();
        const settings: ClientSettings = { ...options.client, signal: deadline.signal };
        const control: WaitControl = {
            deadline: started + (options.waitMs ?? 0),
            intervalMs: options.pollIntervalMs,
            endEarly: new AbortController(),
            signal: deadline.signal,
        };
        const regions = [...new Set([...byRegion.keys(), ...allRegions])].sort();
        const board = new StatusBoard(options.progress, started, options.waitMs);
        const outcomes = await Promise.all(
            regions.map((region) =>
                verifyRegion(
                    region,
                    byRegion.get(region) ?? [],
                    allRegions.includes(region),
                    createSesClient(region, settings, maxAttempts, counter),
                    options,
                    control,
                    board,
                ),
            ),
        );
        board.done();
        const unread = unreadable.map((t) => errorResult({ ...t, region: t.region ?? "-" }, t.unreadable as string));
        const identities = [...unread, ...outcomes.flatMap((o) => o.results)];
        if (options.dns && !deadline.signal.aborted) await addDnsFindings(identities, options.dns);
        const errors = [...unread.map((r) => `${r.identity} (${r.source}): ${r.error}`), ...outcomes.flatMap((o) => o.errors)];
        const failed = identities.some((r) => !r.verified) || identities.length === 0;
        const exitCode = errors.length > 0 ? 2 : failed ? 1 : 0;
        const waited = options.waitMs !== undefined ? waitSummary(outcomes, options.waitMs) : undefined;
        return {
            result: exitCode === 0 ? "verified" : exitCode === 1 ? "not-verified" : "error",
            exitCode,
            identities,
            accounts: outcomes.map((o) => o.account),
            calls: counter.snapshot(),
            errors,
            wait: waited,
            elapsedMs: Date.now() - started,
        };
    } finally {
        deadline.cancel();
    }
}

/** Gives every target a region and says which regions `--all` lists. */
async function assignRegions(options: VerifyOptions): Promise<{ byRegion: Map<string, RegionalTarget[]>; allRegions: string[] }> {
    let fallback: string[] = options.regions;
    const unplaced = options.targets.some((t) => t.region === undefined);
    if (fallback.length === 0 && (unplaced || options.all)) {
        const region = await defaultRegion(options.client.profile);
        if (region === undefined) {
            throw new CheckSetupError(
                "no AWS region: give --region (several with commas), name identities as NAME@REGION, or set AWS_REGION or a profile region",
            );
        }
        fallback = [region];
    }
    const placed: RegionalTarget[] = options.targets.flatMap((t) =>
        t.region !== undefined ? [{ ...t, region: t.region }] : fallback.map((region) => ({ ...t, region })),
    );
    const byRegion = new Map<string, RegionalTarget[]>();
    for (const t of dedupeTargets(placed) as RegionalTarget[]) {
        const list = byRegion.get(t.region) ?? [];
        list.push(t);
        byRegion.set(t.region, list);
    }
    return { byRegion, allRegions: options.all ? fallback : [] };
}

async function verifyRegion(
    region: string,
    named: RegionalTarget[],
    all: boolean,
    client: SESv2Client,
    options: VerifyOptions,
    control: WaitControl,
    board: StatusBoard,
): Promise<RegionOutcome> {
    const signal = control.signal;
    const errors: string[] = [];
    const fail = (err: unknown, operation: string): ApiProblem => {
        const problem = explainApiError(err, operation, region, options.client.profile);
        errors.push(problem.message);
        return problem;
    };
    try {
        let account: AccountReport;
        try {
            account = { region, account: await getAccount(client, signal) };
        } catch (err) {
            // The sandbox state is information, not a verdict: a role without ses:GetAccount can still verify.
            account = { region, error: explainApiError(err, "GetAccount", region, options.client.profile).message };
        }
        let listed: Map<string, ListedIdentity>;
        try {
            listed = await listIdentities(client, signal);
        } catch (err) {
            const problem = fail(err, "ListEmailIdentities");
            return { results: named.map((t) => errorResult(t, problem.message)), account, errors, polls: 0 };
        }
        const targets = dedupeTargets([
            ...named,
            ...(all ? [...listed.values()].map((l) => ({ identity: l.name, region, source: "--all" })) : []),
        ]) as RegionalTarget[];
        const keys = targets.map((t) => identityKey(t.identity));
        board.update(region, keys, listed);
        let polls = 0;
        let outcome: WaitOutcome | undefined;
        if (options.waitMs !== undefined) {
            try {
                const waited = await waitForStatuses(
                    keys,
                    listed,
                    () => listIdentities(client, signal),
                    control,
                    (l) => board.update(region, keys, l),
                );
                ({ listed, polls, outcome } = waited);
            } catch (err) {
                const problem = fail(err, "ListEmailIdentities");
                return { results: targets.map((t) => errorResult(t, problem.message)), account, errors, polls };
            }
        }
        const evidence = await gatherDetails(client, targets, listed, {
            signal,
            wait: options.waitMs !== undefined ? control : undefined,
            fail,
        });
        const results = evidence.map((e) => ("error" in e ? errorResult(e.target, e.error) : judgeIsolated(e, errors)));
        return { results, account, errors, polls, outcome };
    } finally {
        client.destroy();
    }
}

/** Judges one identity; whatever goes wrong judging it is an error of that identity alone. */
function judgeIsolated(evidence: IdentityEvidence, errors: string[]): IdentityResult {
    try {
        return judgeIdentity(evidence);
    } catch (err) {
        const message = `${evidence.target.identity} in ${evidence.target.region}: SES's answer could not be judged (${(err as Error).message})`;
        errors.push(message);
        return errorResult(evidence.target, message);
    }
}

function errorResult(target: RegionalTarget, error: string): IdentityResult {
    return {
        identity: target.identity,
        region: target.region,
        kind: identityKind(target.identity),
        source: target.source,
        status: "ERROR",
        verified: false,
        checks: [],
        explanation: [`not checked: ${error}`],
        expectedRecords: [],
        error,
    };
}

async function addDnsFindings(identities: IdentityResult[], dns: DnsSettings): Promise<void> {
    const resolver = createResolver(dns);
    const records = identities.flatMap((r) => r.expectedRecords.map((record) => ({ r, record })));
    const findings = await lookupRecords(
        resolver,
        records.map((x) => x.record),
    );
    for (const r of identities) r.dns = [];
    records.forEach(({ r }, i) => r.dns?.push(findings[i]));
    for (const r of identities) if (r.dns !== undefined) addLintFindings(r.dns);
    // A record the stack created that DNS does not serve may be in a private hosted zone: said once per identity.
    for (const r of identities) {
        if (r.verified || !r.dns?.some((f) => f.state === "missing" && f.record.required)) continue;
        if (!r.explanation.some((e) => e.includes(PRIVATE_ZONE_TEXT)))
            r.explanation.push(`DNS does not serve the records marked MISSING; ${PRIVATE_ZONE_TEXT}`);
    }
}

function waitSummary(outcomes: RegionOutcome[], waitMs: number): VerifyReport["wait"] {
    const ends = outcomes.map((o) => o.outcome);
    const outcome: WaitOutcome = ends.includes("ended-early") ? "ended-early" : ends.includes("deadline") ? "deadline" : "settled";
    return { seconds: Math.round(waitMs / 1000), polls: outcomes.reduce((n, o) => n + o.polls, 0), outcome };
}
