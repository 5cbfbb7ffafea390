/**
 * How the benchmarks print: aligned text tables on stdout, and every figure collected for the JSON file
 * a full run writes under bench/results/ (ignored by git).
 */

/** One table cell: text as is, numbers rounded for reading. */
export type Cell = string | number;

/** Formats a number for a table: integers as is, others with up to `digits` decimals. */
function fmt(value: number, digits = 1): string {
    if (!Number.isFinite(value)) return String(value);
    return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}

/** Bytes as MiB with one decimal. */
export function mib(bytes: number): string {
    return (bytes / 1024 / 1024).toFixed(1);
}

/** How many diagnostics each policy reported. */
export function countByPolicy(diagnostics: readonly { policyName: string }[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const d of diagnostics) counts[d.policyName] = (counts[d.policyName] ?? 0) + 1;
    return counts;
}

/** Diagnostic counts as a table cell: `policy:n policy:n`, or "none". */
export function countsCell(counts: Record<string, number>): string {
    return (
        Object.entries(counts)
            .map(([p, n]) => `${p}:${n}`)
            .join(" ") || "none"
    );
}

/** A left-aligned text table with a header rule. */
function formatTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
    const text = rows.map((r) => r.map((c) => (typeof c === "number" ? fmt(c) : c)));
    const widths = headers.map((h, i) => Math.max(h.length, ...text.map((r) => (r[i] ?? "").length)));
    const line = (cells: readonly string[]) =>
        cells
            .map((c, i) => c.padEnd(widths[i]))
            .join("  ")
            .trimEnd();
    return [line(headers), line(widths.map((w) => "-".repeat(w))), ...text.map(line)].join("\n");
}

/** Collects the printed figures of one run. */
export class Report {
    /** Benchmark name to its figures. */
    readonly results: Record<string, unknown> = {};

    /** Prints a line (stdout, so `npm run bench > file` keeps the figures). */
    log(line = ""): void {
        process.stdout.write(line + "\n");
    }

    /** Prints a section heading. */
    heading(title: string): void {
        this.log();
        this.log(`== ${title}`);
    }

    /** Prints a table. */
    table(headers: readonly string[], rows: readonly (readonly Cell[])[]): void {
        this.log(formatTable(headers, rows));
    }

    /** Stores the figures of one benchmark. */
    record(name: string, figures: unknown): void {
        this.results[name] = figures;
    }
}
