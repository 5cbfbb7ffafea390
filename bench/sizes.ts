/**
 * The sizes of a full run and of smoke mode. Smoke mode keeps every code path (every pack but awsguard,
 * both stack forms, a throttled verify run) at sizes that take seconds; it checks the benchmarks still
 * work, never how fast anything is.
 */

/** How big each benchmark runs. */
export interface BenchSizes {
    /** Pack starts per pack. */
    startRuns: number;
    /** Stack sizes for AnalyzeStack, and AnalyzeStack calls per (pack, size, form). */
    stackSizes: number[];
    stackCalls: (size: number) => number;
    /** Resources sent one by one through Analyze. */
    analyzeResources: number;
    /** Identity counts for the full verify check, and for the status-only wait; the endpoint's rate limit (requests per second). */
    verifyIdentities: number[];
    waitIdentities: number[];
    verifyRps: number;
    /** `--interval` of the status-only wait case, in ms. */
    waitIntervalMs: number;
    /** Whether @pulumi/awsguard takes part (when installed). */
    awsguard: boolean;
}

/** The full run: what bench/README.md reports. */
export const FULL: BenchSizes = {
    startRuns: 10,
    stackSizes: [1_000, 10_000, 50_000],
    stackCalls: (size) => (size <= 1_000 ? 7 : size <= 10_000 ? 5 : 3),
    analyzeResources: 10_000,
    verifyIdentities: [100, 1_000],
    waitIdentities: [100, 1_000, 2_500],
    verifyRps: 10,
    waitIntervalMs: 1_000,
    awsguard: true,
};

/** Smoke mode: tiny sizes, a few seconds, no awsguard. */
export const SMOKE: BenchSizes = {
    startRuns: 1,
    stackSizes: [300],
    stackCalls: () => 2,
    analyzeResources: 100,
    verifyIdentities: [20],
    waitIdentities: [20],
    verifyRps: 50,
    waitIntervalMs: 100,
    awsguard: false,
};
