/**
 * Benchmark 2: AnalyzeStack over synthetic stacks (dense: a fifth of the resources' count in SES identities,
 * each with its 3 DKIM records, the rest unrelated; mixed: a fifth of the resources in SES cells of every
 * kind) in preview and update form, through ses-guard, through the minimal pack (the
 * floor: gRPC, protobuf and @pulumi/policy overhead) and through the same-shape floor (ses-guard's number
 * of stack and resource policies, doing nothing: @pulumi/policy deserializes the stack once per stack
 * policy). Each (pack, size, form) gets a fresh pack process so its peak RSS (VmHWM) belongs to that size, and the
 * packs of one row are called in rounds, in a balanced order. The engine's call order is kept: Handshake,
 * ConfigureStack, GetAnalyzerInfo, Configure, then AnalyzeStack (repeated, first call included), sent
 * pre-encoded so the time is the pack's and the transport's, not this Node harness's encoding.
 *
 * Message size: a 50k stack's AnalyzeStack request is tens of MB, over gRPC's 4 MB default receive limit.
 * The Pulumi engine dials plugins with `rpcutil.GrpcChannelOptions()` (receive limit raised to 400 MB,
 * pulumi/pulumi#2319; grpc-go does not limit what it sends) and @pulumi/policy's server raises its receive
 * limit to the same 400 MB (`maxRPCMessageSize` in server.js). The harness's AnalyzerSession sets 400 MB for
 * both directions, as does the benchmark's raw channel, so nothing is cut; each request's size is printed.
 */
import { callOrder } from "./call-order";
import { EncodedAnalyzerChannel, encodeAnalyzeStackRequest } from "./encoded-requests";
import {
    MINIMAL,
    SES_GUARD,
    SHAPE_FLOOR,
    availablePacks,
    baselinePack,
    benchStack,
    configureAsEngine,
    startBenchPack,
    type BenchPack,
    type RunningPack,
} from "./packs";
import { policyTimerEnv, policyTimesIn, timedStackPolicies } from "./policy-time";
import { cpuMs, cpuMsWhenIdle, peakRssBytes } from "./process-stats";
import { Report, countByPolicy, countsCell, mib } from "./report";
import type { BenchSizes } from "./sizes";
import { medianInterval, msSince, summarize, type Summary } from "./stats";
import { buildStack, captureCellTemplates, type StackForm, type StackShape, type SyntheticStack } from "./synthetic-stack";

/** The figures of one (pack, size, form). */
interface StackRun {
    pack: string;
    shape: StackShape;
    size: number;
    form: StackForm;
    identities: number;
    /** DNS records in the stack. */
    records: number;
    /** Wall time of each AnalyzeStack call, request encoded beforehand (see encoded-requests.ts). */
    wallMs: Summary;
    /** The same, call by call in call order: call i of every pack of a row ran back to back (see analyzeInterleaved). */
    wallCalls: number[];
    /** CPU time the pack process spent per call. */
    packCpuMs: Summary;
    /** ses-guard only: time inside its stack policies' validateStack per call (its own logic). */
    policyMs?: Summary;
    /** Peak RSS of the pack process after the calls. */
    peakRssBytes: number;
    /** Diagnostics per call, by policy (the same every call). */
    diagnostics: Record<string, number>;
}

/** One pack's process, its channel and the figures of its calls so far. */
interface PackUnderTest {
    pack: BenchPack;
    running: RunningPack;
    channel: EncodedAnalyzerChannel;
    wall: number[];
    cpu: number[];
    policy: number[];
    diagnostics: Record<string, number>;
}

/**
 * Runs `calls` AnalyzeStack calls of `stack` (encoded as `request`) through a fresh process of each of `packs`,
 * started together and called in rounds (call 1 of every pack, then call 2, ...), so that a change in the shared
 * machine's load falls on every pack alike instead of on whichever ran last. Each round takes the packs in the
 * order {@link callOrder} gives, so no pack always runs first or always after the same pack. After each answer
 * the pack is left to go quiet before the next call ({@link cpuMsWhenIdle}): its CPU counts until then, so the
 * collection work a call leaves behind is charged to it and does not run beside another pack's call.
 */
async function analyzeInterleaved(packs: readonly BenchPack[], stack: SyntheticStack, request: Buffer, calls: number): Promise<StackRun[]> {
    const started: PackUnderTest[] = [];
    try {
        for (const pack of packs) {
            const running = await startBenchPack(pack, benchStack(stack.form === "preview"), pack.sesGuard === true ? policyTimerEnv() : undefined);
            const channel = new EncodedAnalyzerChannel(`127.0.0.1:${running.process.port}`);
            started.push({ pack, running, channel, wall: [], cpu: [], policy: [], diagnostics: {} });
            await configureAsEngine(running);
        }
        for (let i = 0; i < calls; i++) {
            for (const p of callOrder(i, started.length).map((k) => started[k])) {
                const stderrBefore = p.running.process.stderr().length;
                const cpuBefore = cpuMs(p.running.pid);
                const callStarted = process.hrtime.bigint();
                const found = await p.channel.analyzeStack(request);
                p.wall.push(msSince(callStarted));
                p.cpu.push((await cpuMsWhenIdle(p.running.pid)) - cpuBefore);
                if (p.pack.sesGuard === true) p.policy.push(await policyMsWritten(p.running.process, stderrBefore));
                p.diagnostics = countByPolicy(found);
            }
        }
        return started.map((p) => ({
            pack: p.pack.label,
            shape: stack.shape,
            size: stack.resources.length,
            form: stack.form,
            identities: stack.identities,
            records: stack.records,
            wallMs: summarize(p.wall),
            wallCalls: p.wall,
            packCpuMs: summarize(p.cpu),
            ...(p.pack.sesGuard === true ? { policyMs: summarize(p.policy) } : {}),
            peakRssBytes: peakRssBytes(p.running.pid),
            diagnostics: p.diagnostics,
        }));
    } finally {
        for (const p of started) {
            p.channel.close();
            await p.running.process.close();
        }
    }
}

/** The policy time a pack reported on stderr after offset `from`, once every stack policy's line arrived. */
async function policyMsWritten(pack: { stderr(): string }, from: number): Promise<number> {
    const expected = timedStackPolicies(pack.stderr());
    if (expected === undefined) throw new Error(`the policy timer did not load in the pack; its stderr:\n${pack.stderr()}`);
    for (let waited = 0; ; waited += 10) {
        const { lines, totalMs } = policyTimesIn(pack.stderr().slice(from));
        if (lines >= expected) return totalMs;
        if (waited > 5_000) throw new Error(`the pack reported ${lines} of ${expected} stack policy times`);
        await new Promise((resolve) => setTimeout(resolve, 10));
    }
}

/** Ratio `a / b`, or NaN when `b` is 0. */
function ratio(a: number, b: number): number {
    return b > 0 ? a / b : NaN;
}

/**
 * The median over calls of `run`'s wall time over `base`'s for the same call: the packs of a row take their calls
 * in turn, so call i of each shares the machine's state, and a change in its load while the row runs moves both
 * sides of each ratio instead of one pack's median.
 */
function pairedRatio(run: StackRun, base: StackRun): number {
    const ratios = pairedRatios(run, base);
    return ratios.length === 0 ? NaN : summarize(ratios).median;
}

/** The ratios {@link pairedRatio} takes the median of, call by call. */
function pairedRatios(run: StackRun, base: StackRun): number[] {
    const n = Math.min(run.wallCalls.length, base.wallCalls.length);
    return Array.from({ length: n }, (_, i) => ratio(run.wallCalls[i], base.wallCalls[i]));
}

/** The request key of a stack: shape, form and size. */
function stackKey(r: { shape: StackShape; form: StackForm; size: number }): string {
    return `${r.shape}/${r.form}/${r.size}`;
}

/** Runs benchmark 2 and prints its table and goals. */
export async function benchStackAnalysis(sizes: BenchSizes, report: Report): Promise<void> {
    report.heading("2. AnalyzeStack at scale (median per call; fresh pack process per row)");
    const packs = availablePacks([SES_GUARD, ...(sizes.baseline ? [baselinePack(sizes.baseline)] : []), SHAPE_FLOOR, MINIMAL], (l) => report.log(l));
    const runs: StackRun[] = [];
    const requestSizes: Record<string, number> = {};
    for (const shape of sizes.stackShapes) {
        for (const form of ["preview", "update"] as const) {
            const templates = await captureCellTemplates(form);
            for (const size of sizes.stackSizes) {
                const stack = buildStack(templates, size, shape);
                const request = await encodeAnalyzeStackRequest(stack.resources);
                requestSizes[stackKey({ shape, form, size: stack.resources.length })] = request.length;
                runs.push(...(await analyzeInterleaved(packs, stack, request, sizes.stackCalls(size))));
            }
        }
    }
    const of = (pack: BenchPack, r: StackRun) => runs.find((f) => f.pack === pack.label && stackKey(f) === stackKey(r));
    const times = (r: StackRun, base: StackRun | undefined, pick: (x: StackRun) => number) =>
        base && base !== r ? ratio(pick(r), pick(base)).toFixed(2) : "-";
    report.table(
        [
            "shape",
            "form",
            "resources",
            "identities",
            "records",
            "request MiB",
            "pack",
            "calls",
            "wall ms",
            "min..max",
            "pack CPU ms",
            "policy logic ms",
            "peak RSS MiB",
            "x same-shape (wall)",
            "x same-shape (wall, paired)",
            "x same-shape (CPU)",
            "x minimal (wall)",
            "diagnostics",
        ],
        runs.map((r) => {
            const shapeFloor = of(SHAPE_FLOOR, r);
            return [
                r.shape,
                r.form,
                r.size,
                r.identities,
                r.records,
                mib(requestSizes[stackKey(r)]),
                r.pack,
                r.wallMs.n,
                r.wallMs.median,
                `${Math.round(r.wallMs.min)}..${Math.round(r.wallMs.max)}`,
                r.packCpuMs.median,
                r.policyMs?.median ?? "-",
                mib(r.peakRssBytes),
                r.policyMs ? times(r, shapeFloor, (x) => x.wallMs.median) : "-",
                r.policyMs && shapeFloor ? pairedRatio(r, shapeFloor).toFixed(2) : "-",
                r.policyMs ? times(r, shapeFloor, (x) => x.packCpuMs.median) : "-",
                times(r, of(MINIMAL, r), (x) => x.wallMs.median),
                countsCell(r.diagnostics),
            ];
        }),
    );
    const goals: Record<string, unknown> = {};
    const ours = (shape: StackShape, size: number, form: StackForm) =>
        runs.find((r) => r.pack === SES_GUARD.label && r.shape === shape && r.size === size && r.form === form);
    for (const shape of sizes.stackShapes) {
        for (const form of ["preview", "update"] as const) {
            const at10k = ours(shape, 10_000, form);
            const at50k = ours(shape, 50_000, form);
            for (const [size, run] of [
                [10_000, at10k],
                [50_000, at50k],
            ] as const) {
                const floor = run && of(SHAPE_FLOOR, run);
                if (!run || !floor) continue;
                const x = ratio(run.wallMs.median, floor.wallMs.median);
                const paired = pairedRatio(run, floor);
                const cpu = ratio(run.packCpuMs.median, floor.packCpuMs.median);
                goals[`${shape} ${form}: ${size} vs same-shape floor (wall)`] = x;
                goals[`${shape} ${form}: ${size} vs same-shape floor (wall, paired)`] = paired;
                goals[`${shape} ${form}: ${size} vs same-shape floor (CPU)`] = cpu;
                const interval = medianInterval(pairedRatios(run, floor));
                goals[`${shape} ${form}: ${size} vs same-shape floor (wall, paired, 95% interval high)`] = interval.high;
                report.log(
                    `  goal ${shape} ${form}: at ${size / 1000}k ses-guard is ${x.toFixed(2)}x the same-shape floor's wall time (${paired.toFixed(2)}x call by call, ` +
                        `95% interval of that median ${interval.low.toFixed(2)}x-${interval.high.toFixed(2)}x), ${cpu.toFixed(2)}x its CPU ` +
                        `(goal <= 1.10x: ${x <= 1.1 && paired <= 1.1 ? "met" : "MISSED"}${interval.high <= 1.1 ? ", with the interval below it" : ""})`,
                );
            }
            if (at10k && at50k) {
                const g = ratio(at50k.wallMs.median, at10k.wallMs.median);
                goals[`${shape} ${form}: 10k->50k growth`] = g;
                report.log(`  goal ${shape} ${form}: 10k -> 50k grows ${g.toFixed(2)}x (goal <= 5.5x: ${g <= 5.5 ? "met" : "MISSED"})`);
                if (at10k.policyMs && at50k.policyMs) {
                    const own = ratio(at50k.policyMs.median, at10k.policyMs.median);
                    goals[`${shape} ${form}: 10k->50k growth of the policy logic`] = own;
                    report.log(
                        `  ${shape} ${form}: ses-guard's own policy logic takes ${at10k.policyMs.median.toFixed(0)} ms at 10k, ${at50k.policyMs.median.toFixed(0)} ms at 50k (${own.toFixed(2)}x; linear is 5x)`,
                    );
                }
            }
        }
    }
    report.record("stackAnalysis", { runs, requestBytes: requestSizes, goals });
}
