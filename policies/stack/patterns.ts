/**
 * Name lists in policy config: exact names or wildcard patterns, compared case-insensitively. `*` stands
 * for any run of characters: `*.example.com` is every name below example.com (not example.com itself),
 * `*@example.com` every address at example.com, `*` everything. Wildcards are matched without regular
 * expressions (records/wildcards.ts), so no pattern can make a long name take long. A domain (or an address's
 * domain) written in Unicode is compared in its ASCII (punycode) form, as the policies name identities:
 * `bücher.example` lists `xn--bcher-kva.example`, and `*.bücher.example` the names below it.
 */
import { asciiIdentityName, normalizeDnsName } from "../../records";
import { wildcardMatches } from "../../records/wildcards";

/** A compiled list of names and patterns. */
export class NamePatterns {
    private readonly exact = new Set<string>();
    private readonly wildcards: string[] = [];

    /** Compiles `patterns`; entries that are not strings are ignored. */
    constructor(patterns: readonly unknown[] | undefined) {
        for (const p of patterns ?? []) {
            if (typeof p !== "string" || p.trim() === "") continue;
            const n = comparable(p);
            if (n.includes("*")) this.wildcards.push(n);
            else this.exact.add(n);
        }
    }

    /** True when `name` is listed or matches a pattern. */
    matches(name: string): boolean {
        const n = comparable(name);
        return this.exact.has(n) || this.wildcards.some((w) => wildcardMatches(w, n));
    }

    /** True when nothing is listed. */
    get empty(): boolean {
        return this.exact.size === 0 && this.wildcards.length === 0;
    }
}

/** A name or pattern as lists compare it: a Unicode domain part in its ASCII form, then normalized. */
function comparable(name: string): string {
    return normalizeDnsName(asciiIdentityName(name));
}
