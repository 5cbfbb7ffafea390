/**
 * Benchmark 6 (issue 30): `ses-guard audit` of a stack export, the built command run as a user runs it, against
 * the floor of a plain client sending the same export to the same pack (plain-audit-client.ts: an Analyze per
 * resource and one AnalyzeStack). Two exports of the same size: the synthetic mixed stack in update form, its
 * copies under their own names; and the same stack with repeated names, every SES copy declaring the same
 * domains (distinct URNs, the same identity and record names), to find what repeated names cost. Each run is a
 * fresh process tree; peak RSS is each process's own (getrusage, via hooks/peak-rss.ts), the command's and its
 * pack's apart. The goal: at most 1.5x the floor's time and 1.5 GB peak, judged per process (the two added are shown too).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { CapturedResource } from "../state/captured-resource";
import { SECRET_SIG, SECRET_VALUE_SIG, isObject } from "../state/wire";
import { REPO_ROOT } from "./packs";
import { Report, mib } from "./report";
import type { BenchSizes } from "./sizes";
import { buildStack, captureCellTemplates } from "./synthetic-stack";

/** The goal of issue 30: audit within this factor of the floor's time, and under this peak. */
const TIME_GOAL = 1.5;
const PEAK_GOAL_BYTES = 1.5 * 2 ** 30;

/** A value in `pulumi stack export --show-secrets` form: a secret as `{sig, plaintext}` with its value as JSON. */
function exportValue(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(exportValue);
    if (!isObject(value)) return value;
    if (value[SECRET_SIG] === SECRET_VALUE_SIG) return { [SECRET_SIG]: SECRET_VALUE_SIG, plaintext: JSON.stringify(exportValue(value.value)) };
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, exportValue(v)]));
}

/** `resources` as a version 3 `pulumi stack export`. */
function stackExport(resources: readonly CapturedResource[]): unknown {
    return {
        version: 3,
        deployment: {
            manifest: { time: "2026-12-06T00:00:00Z", magic: "bench", version: "v3.229.0" },
            resources: resources.map((r, i) => ({
                urn: r.urn,
                custom: r.custom,
                ...(r.custom ? { id: `id-${i}` } : {}),
                type: r.type,
                inputs: exportValue(r.inputs),
                outputs: exportValue(r.outputs),
                ...(r.parent !== undefined ? { parent: r.parent } : {}),
                ...(r.provider !== undefined ? { provider: `${r.provider.urn}::provider-id` } : {}),
                dependencies: r.dependencies,
                propertyDependencies: r.propertyDependencies,
            })),
        },
    };
}

/** The SES copies' domains (`s12.example.com` and below) all renamed to the first copy's, URNs left distinct. */
function repeatNames(resources: readonly CapturedResource[]): CapturedResource[] {
    const same = (value: unknown): unknown => JSON.parse(JSON.stringify(value).replace(/\bs\d+\.example\.com\b/g, "s0.example.com"));
    return resources.map((r) => ({ ...r, inputs: same(r.inputs) as Record<string, unknown>, outputs: same(r.outputs) as Record<string, unknown> }));
}

/** One run's figures. */
interface AuditRun {
    client: string;
    names: string;
    resources: number;
    exportMiB: number;
    wallMs: number;
    /** Peak RSS of the client (the command) and of its pack. */
    clientPeakBytes: number;
    packPeakBytes: number;
    exitCode: number | null;
    /** What the client printed on stdout, cut short. */
    said: string;
}

/** Runs `node script ...args` with the peak-RSS hook, timing it from spawn to exit. */
async function timedRun(client: string, args: string[]): Promise<Omit<AuditRun, "names" | "resources" | "exportMiB">> {
    const peaks = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-audit-")), "peaks");
    const hook = path.join(REPO_ROOT, "dist/bench/hooks/peak-rss.js");
    const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${hook}`.trim(), BENCH_PEAK_RSS_FILE: peaks };
    const started = process.hrtime.bigint();
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
        const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "inherit"] });
        let out = "";
        child.stdout.setEncoding("utf8").on("data", (c: string) => (out.length < 4096 ? (out += c) : undefined));
        child.on("error", reject);
        child.on("close", (c) => resolve({ code: c, stdout: out }));
    });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const lines = fs.existsSync(peaks) ? fs.readFileSync(peaks, "utf8").trim().split("\n") : [];
    const entries = lines.map((l) => l.split(" ")).map(([pid, script, bytes]) => ({ pid: Number(pid), script, bytes: Number(bytes) }));
    const isPack = (script: string): boolean => script.includes("run-policy-pack");
    return {
        client,
        wallMs: Math.round(wallMs),
        clientPeakBytes: Math.max(0, ...entries.filter((e) => !isPack(e.script)).map((e) => e.bytes)),
        packPeakBytes: Math.max(0, ...entries.filter((e) => isPack(e.script)).map((e) => e.bytes)),
        exitCode: code,
        said: stdout.trim().split("\n").slice(-1)[0]?.slice(0, 80) ?? "",
    };
}

/** Runs benchmark 6 and prints its table. */
export async function benchAudit(sizes: BenchSizes, report: Report): Promise<void> {
    const n = sizes.auditResources;
    report.heading(`6. ses-guard audit of a ${n}-resource stack export against a plain client (Analyze per resource, one AnalyzeStack)`);
    const templates = await captureCellTemplates("update");
    const base = buildStack(templates, n, "mixed").resources;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-audit-export-"));
    const runs: AuditRun[] = [];
    try {
        for (const names of ["distinct", "repeated"] as const) {
            const file = path.join(dir, `${names}.json`);
            fs.writeFileSync(file, JSON.stringify(stackExport(names === "repeated" ? repeatNames(base) : base)));
            const exportMiB = Number((fs.statSync(file).size / 2 ** 20).toFixed(1));
            // The floor first, then the command, in each round: the same order for both kinds of export.
            for (let round = 0; round < sizes.auditRuns; round++) {
                for (const [client, args] of [
                    ["plain client", [path.join(REPO_ROOT, "dist/bench/plain-audit-client.js"), file]],
                    ["ses-guard audit", [path.join(REPO_ROOT, "dist/cli/main.js"), "audit", "--json", file]],
                ] as const) {
                    const run = await timedRun(client, [...args]);
                    runs.push({ ...run, names, resources: n, exportMiB });
                    report.log(
                        `  ${names} names, ${client}: ${(run.wallMs / 1000).toFixed(1)} s, peak ${mib(run.clientPeakBytes)} MiB (+ pack ${mib(run.packPeakBytes)} MiB), exit ${run.exitCode}`,
                    );
                }
            }
        }
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
    report.table(
        ["names", "client", "export MiB", "wall s", "client peak MiB", "pack peak MiB", "exit"],
        runs.map((r) => [r.names, r.client, r.exportMiB, (r.wallMs / 1000).toFixed(1), mib(r.clientPeakBytes), mib(r.packPeakBytes), r.exitCode ?? "signal"]),
    );
    for (const names of ["distinct", "repeated"]) {
        const median = (client: string): number => {
            const times = runs
                .filter((r) => r.names === names && r.client === client)
                .map((r) => r.wallMs)
                .sort((a, b) => a - b);
            return times[Math.floor(times.length / 2)] ?? NaN;
        };
        const audits = runs.filter((r) => r.names === names && r.client === "ses-guard audit");
        const peak = (of: (r: AuditRun) => number): number => Math.max(...audits.map(of));
        const [command, pack] = [peak((r) => r.clientPeakBytes), peak((r) => r.packPeakBytes)];
        const verdict = (bytes: number): string => `${mib(bytes)} MiB ${bytes <= PEAK_GOAL_BYTES ? "met" : "missed"}`;
        const ratio = median("ses-guard audit") / median("plain client");
        report.log(
            `  ${names} names: audit takes ${ratio.toFixed(2)}x the plain client's time (goal at most ${TIME_GOAL}x): ${ratio <= TIME_GOAL ? "met" : "missed"}; ` +
                `peak (goal at most ${mib(PEAK_GOAL_BYTES)} MiB a process): command ${verdict(command)}, its pack ${verdict(pack)}; ` +
                `the two peaks added ${mib(peak((r) => r.clientPeakBytes + r.packPeakBytes))} MiB`,
        );
    }
    report.record("audit", runs);
}
