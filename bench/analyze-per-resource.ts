/**
 * Benchmark 3: Analyze, resource by resource (the preview path: the engine sends each resource's inputs as it
 * registers), over the same preview-form stack through ses-guard, @pulumi/awsguard (when installed) and
 * the minimal pack. One call at a time, as the engine sends them for a chain of dependent resources; each
 * request is encoded beforehand by the harness (see encoded-requests.ts), so the time is the pack's.
 */
import { EncodedAnalyzerChannel, encodeAnalyzeRequests } from "./encoded-requests";
import { AWSGUARD, MINIMAL, SES_GUARD, availablePacks, benchStack, configureAsEngine, startBenchPack, type BenchPack } from "./packs";
import { cpuMs, peakRssBytes } from "./process-stats";
import { Report, countByPolicy, countsCell, mib } from "./report";
import type { BenchSizes } from "./sizes";
import { msSince, summarize, type Summary } from "./stats";
import { buildStack, captureCellTemplates } from "./synthetic-stack";

/** The figures of one pack. */
interface AnalyzeRun {
    pack: string;
    resources: number;
    totalMs: number;
    perResourceMs: Summary;
    packCpuMs: number;
    peakRssBytes: number;
    /** Diagnostics by policy over all the calls. */
    diagnostics: Record<string, number>;
}

async function analyzeEach(pack: BenchPack, requests: readonly Buffer[]): Promise<AnalyzeRun> {
    const running = await startBenchPack(pack, benchStack(true));
    const channel = new EncodedAnalyzerChannel(`127.0.0.1:${running.process.port}`);
    try {
        await configureAsEngine(running);
        const each: number[] = [];
        const found: { policyName: string }[] = [];
        const cpuBefore = cpuMs(running.pid);
        const started = process.hrtime.bigint();
        for (const request of requests) {
            const one = process.hrtime.bigint();
            found.push(...(await channel.analyze(request)));
            each.push(msSince(one));
        }
        const totalMs = msSince(started);
        return {
            pack: pack.label,
            resources: requests.length,
            totalMs,
            perResourceMs: summarize(each),
            packCpuMs: cpuMs(running.pid) - cpuBefore,
            peakRssBytes: peakRssBytes(running.pid),
            diagnostics: countByPolicy(found),
        };
    } finally {
        channel.close();
        await running.process.close();
    }
}

/** Runs benchmark 3 and prints its table. */
export async function benchAnalyzePerResource(sizes: BenchSizes, report: Report): Promise<void> {
    report.heading(`3. Analyze per resource (preview inputs), ${sizes.analyzeResources} resources one by one`);
    const packs = availablePacks(sizes.awsguard ? [SES_GUARD, AWSGUARD, MINIMAL] : [SES_GUARD, MINIMAL], (l) => report.log(l));
    if (!sizes.awsguard) report.log(`  note: ${AWSGUARD.label} is left out in smoke mode`);
    const stack = buildStack(await captureCellTemplates("preview"), sizes.analyzeResources);
    const requests = await encodeAnalyzeRequests(stack.resources);
    const runs: AnalyzeRun[] = [];
    for (const pack of packs) runs.push(await analyzeEach(pack, requests));
    report.table(
        ["pack", "resources", "total ms", "mean ms", "p95 ms", "max ms", "pack CPU ms", "peak RSS MiB", "diagnostics"],
        runs.map((r) => [
            r.pack,
            r.resources,
            r.totalMs,
            r.perResourceMs.mean.toFixed(3),
            r.perResourceMs.p95.toFixed(3),
            r.perResourceMs.max,
            r.packCpuMs,
            mib(r.peakRssBytes),
            countsCell(r.diagnostics),
        ]),
    );
    const ours = runs.find((r) => r.pack === SES_GUARD.label);
    const awsguard = runs.find((r) => r.pack === AWSGUARD.label);
    if (ours && awsguard)
        report.log(`  ses-guard takes ${(ours.totalMs / awsguard.totalMs).toFixed(2)}x the time of ${AWSGUARD.label} over the same resources`);
    report.record("analyzePerResource", runs);
}
