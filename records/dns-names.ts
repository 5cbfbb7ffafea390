/**
 * DNS name arithmetic shared by every part of ses-guard: names compare case-insensitively, a trailing
 * dot is optional, and a record name may be relative to its zone.
 */

/** Lower-cases a DNS name and drops one trailing dot: `Foo.Example.COM.` -> `foo.example.com`. */
export function normalizeDnsName(name: string): string {
    const lower = name.trim().toLowerCase();
    return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}

/** True when `name` is `parent` itself or a name below it. Both are normalized first. */
export function isSameOrSubdomain(name: string, parent: string): boolean {
    const n = normalizeDnsName(name);
    const p = normalizeDnsName(parent);
    return n === p || isBelow(n, p);
}

/** True when normalized `n` ends with `.` and normalized `p` (checked without building that text). */
function isBelow(n: string, p: string): boolean {
    return n.length > p.length && n.endsWith(p) && n[n.length - p.length - 1] === ".";
}

/** True when `name` is strictly below `parent` (`mail.example.com` under `example.com`). */
export function isStrictSubdomain(name: string, parent: string): boolean {
    return isBelow(normalizeDnsName(name), normalizeDnsName(parent));
}

/**
 * `domain` and each parent of it that still has two labels, the domain first: `a.b.example.com` gives
 * `a.b.example.com`, `b.example.com`, `example.com` (where its zone or its DMARC record may be).
 */
export function domainAndParents(domain: string): string[] {
    const name = normalizeDnsName(domain);
    const out: string[] = [];
    // Walk the dots once; each parent is a suffix of the name, so no label list is joined again per parent.
    for (let start = 0, dot = name.indexOf("."); dot >= 0; start = dot + 1, dot = name.indexOf(".", start)) out.push(name.slice(start));
    return out;
}

/**
 * The fully qualified form of a record name written in `zone`: `@` is the apex, a name already inside the
 * zone (or absolute, with a trailing dot) is kept, anything else is taken as relative to the zone.
 */
export function qualifyDnsName(name: string, zone: string): string {
    const raw = name.trim();
    const z = normalizeDnsName(zone);
    if (raw === "@" || raw === "") return z;
    if (raw.endsWith(".")) return normalizeDnsName(raw);
    const n = normalizeDnsName(raw);
    return n === z || isBelow(n, z) ? n : `${n}.${z}`;
}

/** A record name as it is written inside `zone`: `abc._domainkey` for `abc._domainkey.example.com`. */
export function relativeDnsName(fqdn: string, zone: string): string {
    const n = normalizeDnsName(fqdn);
    const z = normalizeDnsName(zone);
    if (n === z) return "@";
    return n.endsWith(`.${z}`) ? n.slice(0, -(z.length + 1)) : n;
}

/**
 * True when a record written as `recordName` can be the record `expectedFqdn`. With its zone known the
 * name is qualified and compared; without it, a relative name matches when it is a leading part of the
 * expected name (`abc._domainkey` can be `abc._domainkey.example.com`).
 */
export function dnsNameMatches(recordName: string, expectedFqdn: string, zone?: string): boolean {
    const name = zone !== undefined ? qualifyDnsName(recordName, zone) : normalizeDnsName(recordName);
    return qualifiedNameMatches(name, expectedFqdn, zone !== undefined);
}

/**
 * {@link dnsNameMatches} for a name already in the form it compares: qualified with its zone (`zoneKnown`), or
 * normalized as written. For callers that compare one record with many expected names.
 */
export function qualifiedNameMatches(name: string, expectedFqdn: string, zoneKnown: boolean): boolean {
    const expected = normalizeDnsName(expectedFqdn);
    if (name === expected) return true;
    return !zoneKnown && name !== "" && expected.length > name.length && expected.startsWith(name) && expected[name.length] === ".";
}

/**
 * True when a name repeats its zone at the end (`x._domainkey.example.com.example.com`), the mark of an
 * FQDN given to a provider that appends the zone.
 */
export function hasDoubledZone(name: string, zone: string): boolean {
    const z = normalizeDnsName(zone);
    return z !== "" && endsWithNames(normalizeDnsName(name), z, z);
}

/**
 * True when `name` ends with `.<first>.<second>` (all three normalized), found without building that text: the
 * policies ask it of every DKIM record of a stack.
 */
export function endsWithNames(name: string, first: string, second: string): boolean {
    const secondAt = name.length - second.length;
    const firstAt = secondAt - 1 - first.length;
    return firstAt >= 1 && name.endsWith(second) && name[secondAt - 1] === "." && name.endsWith(first, secondAt - 1) && name[firstAt - 1] === ".";
}
