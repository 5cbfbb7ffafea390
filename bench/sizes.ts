/**
 * The sizes of a full run and of smoke mode. Smoke mode keeps every code path (every pack but awsguard,
 * both stack forms, a throttled verify run) at sizes that take seconds; it checks the benchmarks still
 * work, never how fast anything is.
 */
import type { StackShape } from "./synthetic-stack";

/** How big each benchmark runs. */
export interface BenchSizes {
    /** Pack starts per pack. */
    startRuns: number;
    /** VerifiedDomains per program in the preview benchmark, and runs of each (ses-guard and the floor in turn). */
    previewIdentities: number[];
    previewRuns: number;
    /** Stack shapes for AnalyzeStack (see `StackShape`), sizes, and AnalyzeStack calls per (pack, shape, size, form). */
    stackShapes: StackShape[];
    stackSizes: number[];
    stackCalls: (size: number) => number;
    /** Resources sent one by one through Analyze. */
    analyzeResources: number;
    /** Full verify checks: identities, and the endpoint's rate limit in requests per second (the client is not told). */
    verifyRuns: Array<{ identities: number; rps: number }>;
    /** Identity counts for the status-only wait, and the endpoint's rate limit for it. */
    waitIdentities: number[];
    waitRps: number;
    /** `--interval` of the status-only wait case, in ms. */
    waitIntervalMs: number;
    /** Resources in the stack export the audit benchmark audits, and runs of each client per export. */
    auditResources: number;
    auditRuns: number;
    /** Whether @pulumi/awsguard takes part (when installed). */
    awsguard: boolean;
    /** Another ses-guard build the stack benchmark measures beside this one (`--baseline DIR`). */
    baseline?: string;
}

/** The full run: what bench/README.md reports. */
export const FULL: BenchSizes = {
    startRuns: 10,
    previewIdentities: [250, 1_000],
    previewRuns: 3,
    stackShapes: ["dense", "mixed"],
    stackSizes: [1_000, 10_000, 50_000],
    stackCalls: (size) => (size <= 1_000 ? 7 : size <= 10_000 ? 5 : 3),
    analyzeResources: 10_000,
    // 10,000 identities at 1/s and 5/s would take hours; bench/README.md says what was extrapolated.
    verifyRuns: [
        { identities: 1_000, rps: 20 },
        { identities: 10_000, rps: 20 },
        { identities: 1_000, rps: 5 },
        { identities: 300, rps: 1 },
    ],
    waitIdentities: [1_000, 2_500],
    waitRps: 5,
    waitIntervalMs: 1_000,
    auditResources: 50_000,
    auditRuns: 1,
    awsguard: true,
};

/** Smoke mode: tiny sizes, a few seconds, no awsguard. */
export const SMOKE: BenchSizes = {
    startRuns: 1,
    previewIdentities: [3],
    previewRuns: 1,
    stackShapes: ["dense", "mixed"],
    stackSizes: [300],
    stackCalls: () => 2,
    analyzeResources: 100,
    verifyRuns: [{ identities: 20, rps: 50 }],
    waitIdentities: [20],
    waitRps: 50,
    waitIntervalMs: 100,
    auditResources: 100,
    auditRuns: 1,
    awsguard: false,
};
