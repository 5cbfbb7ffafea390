/**
 * The packs the benchmarks compare, each started through the engine harness exactly as
 * `pulumi preview --policy-pack DIR` starts it: ses-guard (this repository), the minimal pack (one trivial
 * policy: the floor of protocol and @pulumi/policy overhead) and the published @pulumi/awsguard.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_ORGANIZATION, type PackStackContext } from "../offline-engine/pack-environment";
import { startPolicyPack, type PolicyPackProcess } from "../offline-engine/pack-process";
import { msSince } from "./stats";

/** The repository root (this file runs from dist/bench). */
export const REPO_ROOT = path.resolve(__dirname, "../..");

/** A pack the benchmarks can start. */
export interface BenchPack {
    /** Short label used in the tables. */
    label: string;
    /** A build of ses-guard, whose stack policies the stack benchmark times (see policy-time.ts). */
    sesGuard?: boolean;
    /** The pack directory (holds PulumiPolicy.yaml). */
    dir: string;
    /** Why it cannot be started here, or undefined when it can. */
    unavailable(): string | undefined;
}

/** ses-guard's own pack: the repository root, main = dist/policies/pack.js. */
export const SES_GUARD: BenchPack = {
    label: "ses-guard",
    sesGuard: true,
    dir: REPO_ROOT,
    unavailable: () =>
        fs.existsSync(path.join(REPO_ROOT, "dist/policies/pack.js")) ? undefined : "dist/policies/pack.js is missing; run `npm run build` first",
};

/** The floor: one trivial resource policy, no stack policy. */
export const MINIMAL: BenchPack = {
    label: "minimal (floor)",
    dir: path.join(REPO_ROOT, "testing/minimal-pack"),
    unavailable: () => undefined,
};

/**
 * ses-guard's policy shape (as many stack and resource policies) doing nothing: what @pulumi/policy costs
 * for that shape, since it deserializes the whole stack once per stack policy.
 */
export const SHAPE_FLOOR: BenchPack = {
    label: "same-shape floor",
    dir: path.join(REPO_ROOT, "bench/baselines/shape-floor"),
    unavailable: () => undefined,
};

/**
 * Another build of ses-guard (`--baseline DIR`: a checkout of an earlier commit, built), measured beside this
 * one in the same run so a change's before and after share the machine's state; its policies are timed too.
 */
export function baselinePack(dir: string): BenchPack {
    const root = path.resolve(dir);
    return {
        label: `ses-guard baseline (${path.basename(root)})`,
        sesGuard: true,
        dir: root,
        unavailable: () =>
            fs.existsSync(path.join(root, "PulumiPolicy.yaml")) && fs.existsSync(path.join(root, "dist/policies/pack.js"))
                ? undefined
                : `${root} holds no built ses-guard pack (PulumiPolicy.yaml and dist/policies/pack.js); check out the commit there and run npm ci && npm run build`,
    };
}

/** The published @pulumi/awsguard 0.3.1, every policy advisory; installed by `npm run bench:setup`. */
export const AWSGUARD: BenchPack = {
    label: "@pulumi/awsguard 0.3.1",
    dir: path.join(REPO_ROOT, "bench/baselines/awsguard"),
    unavailable: () =>
        fs.existsSync(path.join(REPO_ROOT, "bench/baselines/awsguard/node_modules/@pulumi/awsguard/package.json"))
            ? undefined
            : "bench/baselines/awsguard is not installed; run `npm run bench:setup` (about 270 MB) to include it",
};

/** A started pack, the stack it was started for, its process id and how long it took from spawn to printing its port. */
export interface RunningPack {
    pack: BenchPack;
    stack: PackStackContext;
    process: PolicyPackProcess;
    pid: number;
    startMs: number;
}

/** The stack every benchmark analyzes: project and stack `bench`, no config, a preview or an update. */
export function benchStack(dryRun: boolean): PackStackContext {
    return { organization: DEFAULT_ORGANIZATION, project: "bench", stack: "bench", dryRun, config: {} };
}

/**
 * Starts `pack` for `stack` (with `env`, default this process's) and times it from spawn to port. The pack's
 * environment carries the stack as the CLI 3.221+ gives it (`PULUMI_NODEJS_DRY_RUN`, ...; see
 * offline-engine/pack-environment.ts), since its policy proxy starts the pack only after ConfigureStack.
 */
export async function startBenchPack(pack: BenchPack, stack: PackStackContext, env?: NodeJS.ProcessEnv): Promise<RunningPack> {
    const started = process.hrtime.bigint();
    const running = await startPolicyPack(pack.dir, { timeoutMs: 60_000, env, stack });
    const startMs = msSince(started);
    return { pack, stack, process: running, pid: running.pid, startMs };
}

/** Opens a started pack's session in the engine's order: Handshake, ConfigureStack (its stack), GetAnalyzerInfo, Configure (defaults). */
export async function configureAsEngine(running: RunningPack): Promise<void> {
    const session = running.process.session;
    await session.handshake();
    await session.configureStack(running.stack);
    await session.getAnalyzerInfo();
    await session.configure();
}

/** Prints why the packs that cannot run are skipped and returns those that can. */
export function availablePacks(packs: readonly BenchPack[], log: (line: string) => void): BenchPack[] {
    return packs.filter((p) => {
        const why = p.unavailable();
        if (why !== undefined) log(`  note: skipping ${p.label}: ${why}`);
        return why === undefined;
    });
}
