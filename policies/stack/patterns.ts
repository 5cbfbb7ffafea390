/**
 * Name lists in policy config: exact names or wildcard patterns, compared case-insensitively. `*` stands
 * for any run of characters: `*.example.com` is every name below example.com (not example.com itself),
 * `*@example.com` every address at example.com, `*` everything.
 */
import { normalizeDnsName } from "../../records";

/** A compiled list of names and patterns. */
export class NamePatterns {
    private readonly exact = new Set<string>();
    private readonly wildcards: RegExp[] = [];

    /** Compiles `patterns`; entries that are not strings are ignored. */
    constructor(patterns: readonly unknown[] | undefined) {
        for (const p of patterns ?? []) {
            if (typeof p !== "string" || p.trim() === "") continue;
            const n = normalizeDnsName(p);
            if (!n.includes("*")) {
                this.exact.add(n);
                continue;
            }
            const body = n.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
            this.wildcards.push(new RegExp(`^${body}$`));
        }
    }

    /** True when `name` is listed or matches a pattern. */
    matches(name: string): boolean {
        const n = normalizeDnsName(name);
        return this.exact.has(n) || this.wildcards.some((w) => w.test(n));
    }

    /** True when nothing is listed. */
    get empty(): boolean {
        return this.exact.size === 0 && this.wildcards.length === 0;
    }
}
