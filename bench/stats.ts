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

/**
 * A distribution-free 95% confidence interval for the median of the population `values` were drawn from: the
 * order statistics at ranks n/2 -+ 1.96 * sqrt(n)/2 (the normal approximation of the binomial count of values
 * below the median), clamped to the sample. With fewer than 6 values it is the whole range.
 */
export function medianInterval(values: readonly number[]): { low: number; high: number } {
    if (values.length === 0) throw new Error("no samples to summarize");
    const sorted = [...values].sort((a, b) => a - b);
    const n = sorted.length;
    const half = (1.96 * Math.sqrt(n)) / 2;
    const low = Math.max(0, Math.floor(n / 2 - half));
    const high = Math.min(n - 1, Math.ceil(n / 2 + half) - 1);
    return { low: sorted[low], high: sorted[high] };
}

/** Milliseconds since `start` (a `process.hrtime.bigint()` reading). */
export function msSince(start: bigint): number {
    return Number(process.hrtime.bigint() - start) / 1e6;
}
