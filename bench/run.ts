/**
 * `npm run bench` (full sizes) and `npm run bench:smoke` (tiny sizes, no awsguard): runs the benchmarks and
 * prints their figures, each against its baseline in the same run. Never fails on time, only on errors.
 *
 *   node dist/bench/run.js [--smoke] [--only start,stack,analyze,verify,preview,audit] [--shape dense|mixed] [--sizes N,N] [--calls N]
 *       [--identities N,N] [--baseline DIR] [--json FILE]
 *
 * `--sizes` and `--calls` set the stack benchmark's sizes, `--identities` the preview benchmark's; `--baseline` (a
 * built checkout of another commit) is measured beside this build in the stack and preview benchmarks.
 * A full run also writes every figure to bench/results/<timestamp>.json (ignored by git).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { benchAnalyzePerResource } from "./analyze-per-resource";
import { benchAudit } from "./audit-floor";
import { benchPackStart } from "./pack-start";
import { benchPreviewWall } from "./preview-wall";
import { UserError } from "../user-error";
import { REPO_ROOT } from "./packs";
import { Report } from "./report";
import { FULL, SMOKE } from "./sizes";
import { benchStackAnalysis } from "./stack-analysis";
import type { StackShape } from "./synthetic-stack";
import { benchVerifyThroughput } from "./verify-throughput";

const BENCHMARKS = {
    start: benchPackStart,
    stack: benchStackAnalysis,
    analyze: benchAnalyzePerResource,
    verify: benchVerifyThroughput,
    preview: benchPreviewWall,
    audit: benchAudit,
} as const;

type BenchName = keyof typeof BENCHMARKS;

const USAGE =
    "usage: node dist/bench/run.js [--smoke] [--only start,stack,analyze,verify,preview,audit] [--shape dense|mixed] [--sizes N,N] [--calls N] [--identities N,N] [--baseline DIR] [--json FILE]";

const SHAPES: readonly StackShape[] = ["dense", "mixed"];

/** The options node:util's parseArgs reads. */
const OPTIONS = {
    smoke: { type: "boolean" },
    only: { type: "string" },
    shape: { type: "string" },
    sizes: { type: "string" },
    calls: { type: "string" },
    identities: { type: "string" },
    baseline: { type: "string" },
    json: { type: "string" },
} as const;

/** A bad command line: shown as its message and the usage, without a stack trace. */
class BenchUsageError extends UserError {}

/** parseArgs's reading of `argv`, its complaints (an unknown option, a missing value) as usage errors. */
function parsedOptions(argv: string[]): ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS }>>["values"] {
    try {
        return parseArgs({ args: argv, options: OPTIONS }).values;
    } catch (err) {
        throw new BenchUsageError(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    }
}

/** The command line, read. */
interface BenchArgs {
    smoke: boolean;
    only: BenchName[];
    shape?: StackShape;
    sizes?: number[];
    calls?: number;
    identities?: number[];
    baseline?: string;
    json?: string;
}

function parse(argv: string[]): BenchArgs {
    const values = parsedOptions(argv);
    const names = Object.keys(BENCHMARKS) as BenchName[];
    const only = values.only === undefined ? names : values.only.split(",").map((s) => s.trim());
    for (const n of only) {
        if (!(names as string[]).includes(n)) throw new BenchUsageError(`--only: unknown benchmark '${n}'; choose from ${names.join(", ")}\n${USAGE}`);
    }
    const shape = values.shape as StackShape | undefined;
    if (shape !== undefined && !SHAPES.includes(shape))
        throw new BenchUsageError(`--shape: unknown stack shape '${shape}'; choose from ${SHAPES.join(", ")}\n${USAGE}`);
    const sizes = values.sizes?.split(",").map((n) => Number(n.trim()));
    if (sizes !== undefined && !sizes.every((n) => Number.isInteger(n) && n >= 10)) {
        throw new BenchUsageError(`--sizes: '${values.sizes}' is not a list of stack sizes (whole numbers of resources, at least 10)\n${USAGE}`);
    }
    const calls = values.calls === undefined ? undefined : Number(values.calls);
    if (calls !== undefined && !(Number.isInteger(calls) && calls >= 1))
        throw new BenchUsageError(`--calls: '${values.calls}' is not a whole number of calls (1 or more)\n${USAGE}`);
    const identities = values.identities?.split(",").map((n) => Number(n.trim()));
    if (identities !== undefined && !identities.every((n) => Number.isInteger(n) && n >= 1))
        throw new BenchUsageError(`--identities: '${values.identities}' is not a list of VerifiedDomain counts (whole numbers, at least 1)\n${USAGE}`);
    return { smoke: values.smoke === true, only: only as BenchName[], shape, sizes, calls, identities, baseline: values.baseline, json: values.json };
}

/** The machine the figures come from. */
function machine(): Record<string, string | number> {
    const model = /^model name\s*:\s*(.*)$/m.exec(fs.readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? os.cpus()[0]?.model ?? "unknown";
    return {
        cpu: model,
        cores: os.availableParallelism(),
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        platform: `${os.type()} ${os.release()}`,
    };
}

async function main(): Promise<void> {
    const args = parse(process.argv.slice(2));
    const chosen = args.smoke ? SMOKE : FULL;
    const calls = args.calls;
    const sizes = {
        ...chosen,
        stackShapes: args.shape === undefined ? chosen.stackShapes : [args.shape],
        stackSizes: args.sizes ?? chosen.stackSizes,
        stackCalls: calls === undefined ? chosen.stackCalls : () => calls,
        previewIdentities: args.identities ?? chosen.previewIdentities,
        baseline: args.baseline,
    };
    const report = new Report();
    const host = machine();
    report.log(
        `ses-guard benchmarks (${args.smoke ? "smoke: tiny sizes, no awsguard" : "full"}) on ${host.cpu}, ${host.cores} cores, ${host.memoryGiB} GiB, Node ${host.node}`,
    );
    if (args.smoke) report.log("smoke mode checks that the benchmarks run; at these sizes the figures and goal lines say nothing about speed");
    const started = Date.now();
    for (const name of args.only) await BENCHMARKS[name](sizes, report);
    report.log();
    report.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const file = args.json ?? (args.smoke ? undefined : path.join(REPO_ROOT, "bench/results", `${new Date().toISOString().replace(/[:.]/g, "-")}.json`));
    if (file !== undefined) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, JSON.stringify({ machine: host, smoke: args.smoke, results: report.results }, null, 2) + "\n");
        report.log(`figures written to ${path.relative(process.cwd(), file)}`);
    }
}

main().catch((err: unknown) => {
    // A bad command line is the user's to fix: its message says what; anything else is a bug, shown with its stack.
    if (err instanceof UserError) {
        process.stderr.write(`bench: ${err.message}\n`);
        process.exitCode = 2;
        return;
    }
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
});
