/** Durations on the command line: `90s`, `10m`, `1h30m`, `500ms`, or a bare number of seconds. */

/** The longest duration accepted: a year. Anything longer is a typo, not a plan. */
export const MAX_DURATION_MS = 366 * 24 * 3_600_000;

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds in `text`, or undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
    const t = text.trim().toLowerCase();
    if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
    if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(t)) return undefined;
    let total = 0;
    for (const m of t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) total += Number(m[1]) * UNIT_MS[m[2]];
    return Math.round(total);
}
