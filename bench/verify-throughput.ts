/**
 * Benchmark 4: `ses-guard verify` (the built CLI, as a child process, with the real AWS SDK) against the local
 * SES v2 endpoint enforcing a token-bucket rate limit the client is not told about (no `--max-rps`: the
 * default cap is far above every limit here), so the adaptive rate control must find it. The floor is the
 * time the calls need at the limit (calls needed / limit). Figures per run: wall time against the floor, calls
 * per identity (every request the endpoint received, throttled ones included), throttled answers, and
 * identities in ERROR. Two cases:
 * - a full check: every identity from `pulumi stack output --json` expects a configuration set, so each needs
 *   one GetEmailIdentity (half domains with MAIL FROM, half addresses), plus GetAccount, the List pages and one
 *   GetConfigurationSet;
 * - a status-only wait: addresses with nothing else to check, PENDING until their third poll, waited for
 *   with `--wait`: each poll must cost one ListEmailIdentities call per 1000 identities.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CHECK_TARGET_MARKER, type CheckTarget } from "../records/check-target";
import { awsTestEnv, makeAwsHome } from "../testing/aws-test-env";
import { CLI_MAIN, runCli, type CliResult } from "../testing/run-cli";
import { startSesV2Endpoint, type FakeIdentity, type SesOperation } from "../testing/sesv2-endpoint";
import { Report } from "./report";
import type { BenchSizes } from "./sizes";
import { msSince } from "./stats";

const REGION = "us-east-1";
const SET = "bench-set";
const PAGE = 1000;

/** The goals of issue 12, per full-check run. */
const GOALS = { xFloor: 1.2, callsPerIdentity: 1.05, errors: 0 };

/** The figures of one verify run. */
interface VerifyRun {
    case: "full check" | "status-only wait";
    identities: number;
    rps: number;
    exitCode: number | null;
    wallMs: number;
    /** Calls the run must make at the least, and the floor: their time at the limit plus any pauses between polls. */
    callsNeeded: number;
    floorMs: number;
    /** What the endpoint received, by operation, and how many it answered 429. */
    calls: Record<SesOperation, number>;
    totalCalls: number;
    throttled: number;
    /** Identities the report shows in ERROR. */
    errors: number;
    /** Polls made while waiting (status-only case). */
    polls?: number;
    /** What the CLI itself counted (retries included). */
    cliCalls?: { total: number; throttled: number; retries: number };
}

/** Runs `ses-guard verify` as a child process and times it, Node and SDK start-up included. */
async function runVerifyCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult & { ms: number }> {
    const started = process.hrtime.bigint();
    const result = await runCli(["verify", ...args], { env });
    return { ...result, ms: msSince(started) };
}

/** A check target without the fields every target here shares (the marker, the region). */
type TargetFields = Omit<CheckTarget, "sesGuard" | "region">;

/** Stack outputs as `pulumi stack output --json` prints them: one check target per identity. */
function stackOutputs(targets: TargetFields[]): string {
    return JSON.stringify({ sesIdentities: targets.map((t): CheckTarget => ({ sesGuard: CHECK_TARGET_MARKER, region: REGION, ...t })) });
}

interface Case {
    name: VerifyRun["case"];
    identities: FakeIdentity[];
    outputs: string;
    extraArgs: string[];
    callsNeeded: number;
    /** Pauses between polls the case must sit out, part of its floor. */
    pausesMs: number;
}

/** Half domains (MAIL FROM, configuration set), half addresses (configuration set): every one needs a Get. */
function fullCheck(n: number): Case {
    const identities: FakeIdentity[] = [];
    const targets: TargetFields[] = [];
    for (let i = 0; i < n; i++) {
        const identity = i % 2 === 0 ? `d${i}.bench.example.com` : `user${i}@bench.example.com`;
        const mailFromDomain = i % 2 === 0 ? `bounce.${identity}` : undefined;
        identities.push({ name: identity, status: "SUCCESS", configurationSetName: SET, mailFromDomain });
        targets.push({ identity, configurationSetName: SET, mailFromDomain });
    }
    return {
        name: "full check",
        identities,
        outputs: stackOutputs(targets),
        extraArgs: [],
        callsNeeded: 1 + Math.ceil(n / PAGE) + n + 1,
        pausesMs: 0,
    };
}

/** Addresses with nothing beyond their status to check, PENDING for two polls, then SUCCESS. */
function statusOnlyWait(n: number, intervalMs: number): Case {
    const identities: FakeIdentity[] = [];
    for (let i = 0; i < n; i++) identities.push({ name: `user${i}@wait.example.com`, status: "PENDING", transitions: [{ afterPolls: 2, status: "SUCCESS" }] });
    return {
        name: "status-only wait",
        identities,
        outputs: stackOutputs(identities.map((i) => ({ identity: i.name }))),
        extraArgs: ["--wait", "10m", "--interval", `${intervalMs}ms`],
        // GetAccount, then the first look and two more polls (the third sees SUCCESS), each a List of ceil(n/1000) pages.
        callsNeeded: 1 + 3 * Math.ceil(n / PAGE),
        pausesMs: 2 * intervalMs,
    };
}

async function runCase(c: Case, rps: number, dir: string): Promise<VerifyRun> {
    const ses = await startSesV2Endpoint({ defaultRegion: REGION, identities: c.identities, configurationSets: [SET], rateLimit: { rps } });
    const home = makeAwsHome();
    try {
        const file = path.join(dir, `outputs-${c.identities.length}.json`);
        fs.writeFileSync(file, c.outputs);
        const env = awsTestEnv(ses.url, home);
        const run = await runVerifyCli([file, "--json", "--timeout", "6h", ...c.extraArgs], env);
        if (run.code !== 0 && run.code !== 2)
            throw new Error(`verify (${c.name}, ${c.identities.length} identities) exited ${run.code}:\n${run.stderr.trim()}`);
        const json = JSON.parse(run.stdout) as {
            calls?: { total: number; throttled: number; retries: number };
            wait?: { polls: number };
            identities: Array<{ status: string }>;
        };
        return {
            case: c.name,
            identities: c.identities.length,
            rps,
            exitCode: run.code,
            wallMs: run.ms,
            callsNeeded: c.callsNeeded,
            floorMs: (c.callsNeeded / rps) * 1000 + c.pausesMs,
            calls: { ...ses.counts },
            totalCalls: ses.totalRequests(),
            throttled: ses.throttled,
            errors: json.identities.filter((r) => r.status === "ERROR").length,
            polls: json.wait?.polls,
            cliCalls: json.calls && { total: json.calls.total, throttled: json.calls.throttled, retries: json.calls.retries },
        };
    } finally {
        home.remove();
        await ses.close();
    }
}

/** Runs benchmark 4 and prints its table and goals. */
export async function benchVerifyThroughput(sizes: BenchSizes, report: Report): Promise<void> {
    report.heading(`4. Verify throughput against the local SES v2 endpoint, rate-limited at a rate the client is not told`);
    if (!fs.existsSync(CLI_MAIN)) throw new Error(`${CLI_MAIN} is missing; run \`npm run build\` first`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ses-guard-bench-verify-"));
    const runs: VerifyRun[] = [];
    try {
        for (const { identities, rps } of sizes.verifyRuns) {
            const run = await runCase(fullCheck(identities), rps, dir);
            runs.push(run);
            report.log(`  ran: full check, ${identities} identities at ${rps}/s in ${(run.wallMs / 1000).toFixed(1)} s`);
        }
        for (const n of sizes.waitIdentities) runs.push(await runCase(statusOnlyWait(n, sizes.waitIntervalMs), sizes.waitRps, dir));
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
    report.table(
        [
            "case",
            "identities",
            "limit /s",
            "calls needed",
            "calls made",
            "calls/identity",
            "List calls",
            "polls",
            "throttled",
            "retries",
            "ERROR",
            "wall s",
            "floor s",
            "x floor",
            "exit",
        ],
        runs.map((r) => [
            r.case,
            r.identities,
            r.rps,
            r.callsNeeded,
            r.totalCalls,
            (r.totalCalls / r.identities).toFixed(3),
            r.calls.ListEmailIdentities,
            r.polls ?? "-",
            r.throttled,
            r.cliCalls?.retries ?? "-",
            r.errors,
            (r.wallMs / 1000).toFixed(2),
            (r.floorMs / 1000).toFixed(2),
            (r.wallMs / r.floorMs).toFixed(2),
            r.exitCode ?? "signal",
        ]),
    );
    const goals: Record<string, unknown> = {};
    for (const r of runs) {
        const x = r.wallMs / r.floorMs;
        if (r.case === "full check") {
            const perIdentity = r.totalCalls / r.identities;
            const met = x <= GOALS.xFloor && perIdentity <= GOALS.callsPerIdentity && r.errors === GOALS.errors && r.exitCode === 0;
            goals[`${r.case} ${r.identities} at ${r.rps}/s`] = { xFloor: x, callsPerIdentity: perIdentity, errors: r.errors, met };
            report.log(
                `  goal: ${r.identities} identities at ${r.rps}/s in ${x.toFixed(2)}x the floor, ${perIdentity.toFixed(3)} calls/identity, ${r.errors} ERROR ` +
                    `(goal <= ${GOALS.xFloor}x, <= ${GOALS.callsPerIdentity}, ${GOALS.errors}: ${met ? "met" : "MISSED"})`,
            );
        } else {
            const perPoll = r.polls ? r.calls.ListEmailIdentities / (r.polls + 1) : NaN;
            const pages = Math.ceil(r.identities / PAGE);
            const met = perPoll <= pages && r.errors === 0 && r.exitCode === 0;
            goals[`${r.case} ${r.identities}`] = { listCallsPerPoll: perPoll, met };
            report.log(
                `  goal: a status-only poll of ${r.identities} identities costs ${perPoll.toFixed(2)} List call(s) ` +
                    `(goal: one per 1000 identities, ${pages}: ${met ? "met" : "MISSED"})`,
            );
        }
    }
    report.record("verifyThroughput", { runs, goals });
}
