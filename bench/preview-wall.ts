/**
 * Benchmark 5: `ses-guard preview` at scale. A CommonJS JavaScript program declaring N `VerifiedDomain`s (with
 * Route 53, MAIL FROM and DMARC) runs through the built CLI as a user runs it: node start, the
 * program through Pulumi's own runner talking gRPC to the engine, Analyze per registration while it runs, the
 * pack's AnalyzeStack, the report. Beside it, the floor: the same program in one fresh node process under Pulumi's
 * mock runtime alone (thin mocks: inputs back, unknown ids; no engine, no pack). Between them, the program through
 * Pulumi's runner and the engine without a pack, which separates the pack's share from the runner's and the
 * engine's (whose own CPU it reports). With `--baseline DIR`, that build's `ses-guard preview` of the same program
 * runs in each round too. Runs are interleaved; wall time
 * and the peak resident memory of the whole process tree (summed over its processes, sampled every 50 ms).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CLI_MAIN } from "../testing/run-cli";
import { REPO_ROOT } from "./packs";
import { Report, mib } from "./report";
import type { BenchSizes } from "./sizes";
import { msSince, summarize } from "./stats";

/** A project of `identities` VerifiedDomains in a new temporary directory (node_modules linked to the repo's). */
function writeProgram(identities: number): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ses-guard-bench-${identities}-`));
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: scale\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n`);
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config:\n  aws:region: eu-west-1\n");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "scale", main: "index.js" }));
    fs.writeFileSync(
        path.join(dir, "index.js"),
        `"use strict";
const { VerifiedDomain, route53Dns } = require("ses-guard");
for (let i = 0; i < ${identities}; i++) {
    const domain = \`d\${i}.example.com\`;
    new VerifiedDomain(\`d\${i}\`, { domain, dns: route53Dns({ zoneName: domain }), mailFrom: { domain: \`bounce.\${domain}\` }, dmarc: { policy: "none" } });
}
`,
    );
    return dir;
}

/** The floor's script: Pulumi's mock runtime with thin mocks and the stack's config, then the program. */
function floorScript(dir: string): string {
    return `const pulumi = require(${JSON.stringify(path.join(dir, "node_modules", "@pulumi", "pulumi"))});
pulumi.runtime.setAllConfig({ "aws:region": "eu-west-1" }, []);
pulumi.runtime.setMocks({ newResource: (a) => ({ id: undefined, state: a.inputs }), call: (a) => a.inputs }, "scale", "dev", true);
require(${JSON.stringify(path.join(dir, "index.js"))});`;
}

/**
 * The middle row's script: the same program through Pulumi's runner and ses-guard's engine
 * (offline-engine/program-runner), no pack; it prints the engine's own CPU time in ms.
 */
function runnerScript(dir: string): string {
    return `require(${JSON.stringify(path.join(REPO_ROOT, "dist", "offline-engine", "program-runner.js"))})
    .runProgram(${JSON.stringify(dir)}, { preview: true, timeoutS: 3000 })
    .then(() => { const u = process.cpuUsage(); console.log("engine cpu ms " + Math.round((u.user + u.system) / 1000)); }, (e) => { console.error(e.message); process.exit(2); });`;
}

/** The resident memory of `pid` and its descendants, in bytes (0 once they are gone). */
function treeRss(pid: number): number {
    const children = new Map<number, number[]>();
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
            const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
            children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
        } catch {
            // gone meanwhile
        }
    }
    let total = 0;
    const visit = (p: number): void => {
        try {
            const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(fs.readFileSync(`/proc/${p}/status`, "utf8"));
            total += Number(m?.[1] ?? 0) * 1024;
        } catch {
            return;
        }
        for (const c of children.get(p) ?? []) visit(c);
    };
    visit(pid);
    return total;
}

/** Runs `node args` in `cwd` and returns its wall time, peak tree memory, exit code and output. */
function measure(args: string[], cwd: string): Promise<{ ms: number; peak: number; code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
        const start = process.hrtime.bigint();
        const child = spawn(process.execPath, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
        child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr = (stderr + c).slice(-4000)));
        let peak = 0;
        const timer = setInterval(() => (peak = Math.max(peak, child.pid === undefined ? 0 : treeRss(child.pid))), 50);
        child.once("error", reject);
        child.once("close", (code) => {
            clearInterval(timer);
            resolve({ ms: msSince(start), peak, code, stdout, stderr });
        });
    });
}

/** Runs benchmark 5 and prints its table. */
export async function benchPreviewWall(sizes: BenchSizes, report: Report): Promise<void> {
    report.heading(`5. ses-guard preview of N VerifiedDomains against the program under the mock runtime alone, ${sizes.previewRuns} runs each`);
    const rows: (string | number)[][] = [];
    const recorded: Record<string, unknown> = {};
    for (const identities of sizes.previewIdentities) {
        const dir = writeProgram(identities);
        try {
            const preview: { ms: number; peak: number }[] = [];
            const baseline: { ms: number; peak: number }[] = [];
            const runner: { ms: number; peak: number; engineCpu: number }[] = [];
            const floor: { ms: number; peak: number }[] = [];
            let resources = 0;
            for (let round = 0; round < sizes.previewRuns; round++) {
                const p = await measure([CLI_MAIN, "preview", "--program-timeout", "3000", dir], dir);
                // Exit 0 or 1 both mean a verdict.
                if (p.code !== 0 && p.code !== 1) throw new Error(`ses-guard preview of ${identities} identities exited ${p.code}: ${p.stderr}`);
                preview.push(p);
                resources = Number(/preview\): (\d+) resources/.exec(p.stdout)?.[1] ?? 0);
                if (sizes.baseline !== undefined) {
                    const b = await measure([path.join(sizes.baseline, "dist", "cli", "main.js"), "preview", "--program-timeout", "3000", dir], dir);
                    if (b.code !== 0 && b.code !== 1) throw new Error(`the baseline's preview of ${identities} identities exited ${b.code}: ${b.stderr}`);
                    baseline.push(b);
                }
                const r = await measure(["-e", runnerScript(dir)], dir);
                if (r.code !== 0) throw new Error(`the program through the runner of ${identities} identities exited ${r.code}: ${r.stderr}`);
                runner.push({ ...r, engineCpu: Number(/engine cpu ms (\d+)/.exec(r.stdout)?.[1] ?? 0) });
                const f = await measure(["-e", floorScript(dir)], dir);
                if (f.code !== 0) throw new Error(`the mock-runtime floor of ${identities} identities exited ${f.code}: ${f.stderr}`);
                floor.push(f);
            }
            const fw = summarize(floor.map((r) => r.ms));
            const fm = Math.max(...floor.map((r) => r.peak));
            const row = (what: string, runs: { ms: number; peak: number }[]): (string | number)[] => {
                const w = summarize(runs.map((r) => r.ms));
                const m = Math.max(...runs.map((r) => r.peak));
                return [identities, resources, what, w.median, (w.median / fw.median).toFixed(2) + "x", mib(m), (m / fm).toFixed(2) + "x"];
            };
            rows.push(row("ses-guard preview", preview));
            if (baseline.length > 0) rows.push(row(`baseline preview (${path.basename(path.resolve(sizes.baseline ?? ""))})`, baseline));
            rows.push(row("runner + engine, no pack", runner), row("mock-runtime floor", floor));
            const engineCpu = summarize(runner.map((r) => r.engineCpu));
            report.log(`  ${identities} identities: the engine's own CPU in the runner row, median ${engineCpu.median.toFixed(0)} ms`);
            recorded[String(identities)] = {
                preview: summarize(preview.map((r) => r.ms)),
                ...(baseline.length > 0 ? { baseline: summarize(baseline.map((r) => r.ms)), baselinePeakBytes: Math.max(...baseline.map((r) => r.peak)) } : {}),
                runner: summarize(runner.map((r) => r.ms)),
                floor: fw,
                engineCpuMs: engineCpu,
                previewPeakBytes: Math.max(...preview.map((r) => r.peak)),
                runnerPeakBytes: Math.max(...runner.map((r) => r.peak)),
                floorPeakBytes: fm,
            };
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }
    report.table(["identities", "resources", "run", "median ms", "time vs floor", "peak MiB", "memory vs floor"], rows);
    report.record("previewScale", recorded);
}
