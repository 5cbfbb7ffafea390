/**
 * Name lists in policy config: exact names or wildcard patterns, compared case-insensitively. `*` stands
 * for any run of characters: `*.example.com` is every name below example.com (not example.com itself),
 * `*@example.com` every address at example.com, `*` everything. Wildcards are matched without regular
 * expressions (records/wildcards.ts), so no pattern can make a long name take long.
 */
import { normalizeDnsName } from "../../records";
import { wildcardMatches } from "../../records/wildcards";

/** A compiled list of names and patterns. */
export class NamePatterns {
    private readonly exact = new Set<string>();
    private readonly wildcards: string[] = [];

    /** Compiles `patterns`; entries that are not strings are ignored. */
    constructor(patterns: readonly unknown[] | undefined) {
        for (const p of patterns ?? []) {
            if (typeof p !== "string" || p.trim() === "") continue;
            const n = normalizeDnsName(p);
            if (n.includes("*")) this.wildcards.push(n);
            else this.exact.add(n);
        }
    }

    /** True when `name` is listed or matches a pattern. */
    matches(name: string): boolean {
        const n = normalizeDnsName(name);
        return this.exact.has(n) || this.wildcards.some((w) => wildcardMatches(w, n));
    }

    /** True when nothing is listed. */
    get empty(): boolean {
        return this.exact.size === 0 && this.wildcards.length === 0;
    }
}
