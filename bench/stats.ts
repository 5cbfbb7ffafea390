/** Summary statistics over samples (milliseconds, bytes, anything numeric). */

/** Median, mean, min, max and 95th percentile of a sample. */
export interface Summary {
    n: number;
    median: number;
    mean: number;
    min: number;
    max: number;
    p95: number;
}

/** The value at quantile `q` (0..1) of sorted `values`, nearest-rank. */
function quantile(sorted: readonly number[], q: number): number {
    const rank = Math.max(1, Math.ceil(q * sorted.length));
    return sorted[rank - 1];
}

/** Summarizes `values`; throws on an empty sample (a benchmark that measured nothing is a bug). */
export function summarize(values: readonly number[]): Summary {
    if (values.length === 0) throw new Error("no samples to summarize");
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    return {
        n: sorted.length,
        median,
        mean: sorted.reduce((s, v) => s + v, 0) / sorted.length,
        min: sorted[0],
        max: sorted[sorted.length - 1],
        p95: quantile(sorted, 0.95),
    };
}

/** Milliseconds since `start` (a `process.hrtime.bigint()` reading). */
export function msSince(start: bigint): number {
    return Number(process.hrtime.bigint() - start) / 1e6;
}
