/**
 * Benchmark 5: the wall time of `ses-guard preview` on one example program (the built CLI as a user runs it:
 * node start, the program in its own process, the pack started meanwhile, the analysis, the report) next to the
 * floor: a fresh node process loading and running the same program under the mock runtime alone, with no pack.
 * The difference is what the pack and the CLI add on top of running the program. Runs are interleaved.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { runCli } from "../testing/run-cli";
import { REPO_ROOT } from "./packs";
import { Report } from "./report";
import type { BenchSizes } from "./sizes";
import { msSince, summarize } from "./stats";

const EXAMPLE = path.join("examples", "verified-domain");

/** Runs `fn` and returns its wall time in ms. */
async function timed(fn: () => Promise<void>): Promise<number> {
    const start = process.hrtime.bigint();
    await fn();
    return msSince(start);
}

/** A fresh node process that captures the example under the mock runtime and exits. */
function captureAlone(): Promise<void> {
    const script = `require(${JSON.stringify(path.join(REPO_ROOT, "dist", "offline-engine", "mock-capture.js"))}).captureProgramDir(${JSON.stringify(EXAMPLE)}, { preview: true }).then((r) => { if (r.length === 0) process.exit(3); }, (e) => { console.error(e.message); process.exit(2); });`;
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ["-e", script], { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "inherit"] });
        child.once("error", reject);
        child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`capture of ${EXAMPLE} exited with ${code}`))));
    });
}

/** Runs benchmark 5 and prints its table. */
export async function benchPreviewWall(sizes: BenchSizes, report: Report): Promise<void> {
    report.heading(`5. ses-guard preview ${EXAMPLE}: wall time, ${sizes.startRuns} runs each`);
    const preview: number[] = [];
    const alone: number[] = [];
    for (let round = 0; round < sizes.startRuns; round++) {
        preview.push(
            await timed(async () => {
                const { code, stderr } = await runCli(["preview", EXAMPLE]);
                if (code !== 0) throw new Error(`ses-guard preview ${EXAMPLE} exited ${code}: ${stderr}`);
            }),
        );
        alone.push(await timed(captureAlone));
    }
    const p = summarize(preview);
    const a = summarize(alone);
    report.table(
        ["run", "runs", "median ms", "min ms", "max ms"],
        [
            ["ses-guard preview (CLI, pack, report)", p.n, p.median, p.min, p.max],
            ["program under the mock runtime alone", a.n, a.median, a.min, a.max],
        ],
    );
    report.log(`  the pack and the CLI add ${(p.median - a.median).toFixed(0)} ms (median) to running the program`);
    report.record("previewWall", { preview: p, captureAlone: a, addedMs: p.median - a.median });
}
