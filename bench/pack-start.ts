/**
 * Benchmark 1: pack start, from spawn to the port on the first line of stdout, for ses-guard, the minimal
 * pack (floor) and @pulumi/awsguard, each started as the CLI starts it. Runs are interleaved (one of each
 * pack per round) so drift on the machine hits every pack alike.
 */
import { AWSGUARD, MINIMAL, SES_GUARD, availablePacks, benchStack, startBenchPack } from "./packs";
import { Report, mib } from "./report";
import type { BenchSizes } from "./sizes";
import { summarize } from "./stats";
import { peakRssBytes } from "./process-stats";

/** Runs benchmark 1 and prints its table. */
export async function benchPackStart(sizes: BenchSizes, report: Report): Promise<void> {
    report.heading(`1. Pack start: spawn to port, ${sizes.startRuns} runs each`);
    const packs = availablePacks(sizes.awsguard ? [SES_GUARD, MINIMAL, AWSGUARD] : [SES_GUARD, MINIMAL], (l) => report.log(l));
    if (!sizes.awsguard) report.log(`  note: ${AWSGUARD.label} is left out in smoke mode`);
    const times = new Map<string, number[]>(packs.map((p) => [p.label, []]));
    const rss = new Map<string, number[]>(packs.map((p) => [p.label, []]));
    for (let round = 0; round < sizes.startRuns; round++) {
        for (const pack of packs) {
            const running = await startBenchPack(pack, benchStack(true));
            try {
                times.get(pack.label)?.push(running.startMs);
                rss.get(pack.label)?.push(peakRssBytes(running.pid));
            } finally {
                await running.process.close();
            }
        }
    }
    const floor = summarize(times.get(MINIMAL.label) ?? []).median;
    const rows = packs.map((p) => {
        const s = summarize(times.get(p.label) ?? []);
        return { pack: p.label, ms: s, rssBytes: summarize(rss.get(p.label) ?? []).median, xFloor: s.median / floor };
    });
    report.table(
        ["pack", "runs", "median ms", "min ms", "max ms", "x floor", "RSS at port MiB"],
        rows.map((r) => [r.pack, r.ms.n, r.ms.median, r.ms.min, r.ms.max, r.xFloor.toFixed(2), mib(r.rssBytes)]),
    );
    report.record("packStart", rows);
}
