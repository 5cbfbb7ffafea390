/**
 * Lint of the mail-authentication records a stack plans or DNS serves: SPF (RFC 7208), DMARC (RFC 7489) and DKIM
 * key lengths. Each rule takes values as DNS serves them (a provider's quoting is undone first) and gives findings
 * as data: what is wrong, what to write instead, and a level: `mandatory` when SPF or DMARC stops working for every
 * message (SPF's permanent errors), `advisory` for a weakness in deliverability. The policies and `ses-guard verify
 * --dns` both use it. Pure functions, no I/O: an SPF include's own lookups are never followed, and are named as
 * not counted.
 */
import { isIPv4, isIPv6 } from "node:net";
import { createPublicKey } from "node:crypto";
import { unquoteTxtValue } from "./identity-records";
import { parseRsaPrivateKey } from "./dkim-keys";
import { editDistance } from "../closest-name";

/** How much a finding matters: `mandatory` breaks authentication for all mail, `advisory` weakens it. */
export type LintLevel = "mandatory" | "advisory";

/** One problem in a record, and what to write instead. */
export interface LintFinding {
    /** `mandatory` when the record fails for every message, `advisory` for a weakness. */
    level: LintLevel;
    /** What is wrong, in words; user text in it is quoted with its control characters escaped. */
    problem: string;
    /** What to write instead. */
    fix: string;
}

/** The most DNS-querying SPF terms one check may make (RFC 7208 section 4.6.4); one more is a permanent error. */
export const SPF_LOOKUP_LIMIT = 10;

/** The SPF mechanisms of RFC 7208 section 5, and whether each makes a DNS query. */
const SPF_MECHANISMS: ReadonlyMap<string, boolean> = new Map([
    ["all", false],
    ["include", true],
    ["a", true],
    ["mx", true],
    ["ptr", true],
    ["ip4", false],
    ["ip6", false],
    ["exists", true],
]);

/** The longest piece of user text a finding quotes. */
const QUOTE_LENGTH = 80;

/** User text for a message: cut, quoted, control characters escaped. */
function quote(text: string): string {
    return JSON.stringify(text.length <= QUOTE_LENGTH ? text : `${text.slice(0, QUOTE_LENGTH)}...`);
}

/** True when a TXT value is an SPF record: its first term is `v=spf1` (RFC 7208 section 4.5, any letter case). */
export function isSpfValue(value: string): boolean {
    return /^v=spf1(\s|$)/i.test(unquoteTxtValue(value).trim());
}

/** What the lint read from one SPF record. */
export interface SpfReading {
    /** Its problems. */
    findings: LintFinding[];
    /** The DNS-querying terms counted from the record itself. */
    lookups: number;
    /** The domains of its `include:` and `redirect=`, whose own lookups add to the count but are not followed here. */
    notFollowed: string[];
}

/** The closest known mechanism to a misspelt one (`inlcude` -> `include`), by edit distance 2 at most. */
function closestMechanism(name: string): string | undefined {
    // No mechanism is within 2 edits of a longer name; a long one is not compared letter by letter.
    if (name.length > 9) return undefined;
    let best: string | undefined;
    let bestDistance = 3;
    for (const known of SPF_MECHANISMS.keys()) {
        const d = editDistance(name, known);
        if (d < bestDistance && known.length > 2) [best, bestDistance] = [known, d];
    }
    return best;
}

/** A CIDR suffix `/n` with n in 0..max, or undefined when `text` is not one. */
function cidrOk(text: string, max: number): boolean {
    return /^\/\d{1,3}$/.test(text) && Number(text.slice(1)) <= max;
}

/** Why the argument of mechanism `name` (the text after its name, `:x/24` or ``) is wrong, or undefined. */
function mechanismArgumentProblem(name: string, rest: string): string | undefined {
    switch (name) {
        case "all":
            return rest === "" ? undefined : "'all' takes no argument";
        case "include":
        case "exists":
            return /^:\S+$/.test(rest) ? undefined : `'${name}' needs a domain: ${name}:example.net`;
        case "ptr":
            return rest === "" || /^:\S+$/.test(rest) ? undefined : "'ptr' takes an optional ':domain' only";
        case "a":
        case "mx": {
            // [":" domain-spec] [ ip4-cidr-length ] [ "/" ip6-cidr-length ] (RFC 7208 section 5.3, 5.4).
            const m = /^(?::([^/]+))?(\/\d+)?(?:\/(\/\d+))?$/.exec(rest);
            if (m === null) return `'${name}' takes an optional ':domain' and '/cidr' only`;
            if ((m[2] !== undefined && !cidrOk(m[2], 32)) || (m[3] !== undefined && !cidrOk(m[3], 128))) return `'${name}' has a CIDR length out of range`;
            return undefined;
        }
        case "ip4":
        case "ip6": {
            const m = /^:([^/]+)(\/\d+)?$/.exec(rest);
            const valid = name === "ip4" ? isIPv4 : isIPv6;
            if (m === null || !valid(m[1]))
                return `'${name}' needs an ${name === "ip4" ? "IPv4" : "IPv6"} address or network: ${name}:${name === "ip4" ? "192.0.2.0/24" : "2001:db8::/32"}`;
            if (m[2] !== undefined && !cidrOk(m[2], name === "ip4" ? 32 : 128)) return `'${name}' has a CIDR length out of range`;
            return undefined;
        }
    }
    return undefined;
}

/**
 * Lints one SPF record (RFC 7208): every term a known mechanism or a well-formed modifier (anything else, such as a
 * misspelt `inlcude:`, is a permanent error, section 4.6), `redirect=` and `exp=` at most once (section 6), and at
 * most {@link SPF_LOOKUP_LIMIT} DNS-querying terms counted from the record (section 4.6.4). Each include's own
 * lookups cannot be known offline; they are listed in {@link SpfReading.notFollowed}, never guessed.
 */
export function lintSpf(value: string): SpfReading {
    const findings: LintFinding[] = [];
    const notFollowed: string[] = [];
    const terms = unquoteTxtValue(value).trim().split(/\s+/);
    let lookups = 0;
    const modifiers = new Map<string, number>();
    const permanent = (problem: string, fix: string) =>
        findings.push({ level: "mandatory", problem: `${problem}; SPF fails with a permanent error for every message (RFC 7208)`, fix });
    for (const term of terms.slice(1)) {
        const modifier = /^([a-z][a-z0-9_.-]*)=(.*)$/i.exec(term);
        if (modifier !== null) {
            const name = modifier[1].toLowerCase();
            modifiers.set(name, (modifiers.get(name) ?? 0) + 1);
            if ((name === "redirect" || name === "exp") && modifier[2] === "")
                permanent(`the modifier ${quote(term)} has no domain`, `write ${name}=<domain>, or remove it`);
            if (name === "redirect") {
                lookups++;
                if (modifier[2] !== "") notFollowed.push(modifier[2].toLowerCase());
            }
            continue;
        }
        const directive = /^([+\-~?]?)([a-z][a-z0-9]*)(.*)$/i.exec(term);
        const name = directive?.[2].toLowerCase();
        if (directive === null || name === undefined || !SPF_MECHANISMS.has(name)) {
            const close = name === undefined ? undefined : closestMechanism(name);
            permanent(
                `the term ${quote(term)} is not an SPF mechanism or modifier`,
                close !== undefined && directive !== null
                    ? `write ${quote(`${directive[1]}${close}${directive[3]}`)}`
                    : "write a mechanism of RFC 7208 section 5 (all, include, a, mx, ptr, ip4, ip6, exists) or remove it",
            );
            continue;
        }
        const problem = mechanismArgumentProblem(name, directive[3]);
        if (problem !== undefined) permanent(`the term ${quote(term)} is malformed (${problem})`, "correct the term or remove it");
        if (SPF_MECHANISMS.get(name) === true) lookups++;
        if (name === "include" && problem === undefined) notFollowed.push(directive[3].slice(1).toLowerCase());
    }
    for (const name of ["redirect", "exp"]) {
        if ((modifiers.get(name) ?? 0) > 1) permanent(`the modifier '${name}=' appears ${modifiers.get(name)} times`, `keep one ${name}=`);
    }
    if (lookups > SPF_LOOKUP_LIMIT) {
        permanent(
            `it makes ${lookups} DNS lookups counted from the record alone, more than ${SPF_LOOKUP_LIMIT}` +
                spfNotFollowedNote({ findings, lookups, notFollowed }),
            "merge includes, or replace a, mx and include terms by ip4:/ip6: networks",
        );
    }
    return { findings, lookups, notFollowed };
}

/** What a count from the record alone leaves out: `; not counted: the lookups of include:x` (empty when nothing is). */
export function spfNotFollowedNote(reading: SpfReading): string {
    if (reading.notFollowed.length === 0) return "";
    return `; not counted: the lookups of ${reading.notFollowed.map(quote).join(", ")} themselves, which cannot be known offline`;
}

/**
 * Lints the TXT values served at one name as SPF: at most one `v=spf1` record (two, in one record set or in two,
 * are a permanent error: RFC 7208 section 4.5), and each one by {@link lintSpf}.
 */
export function lintSpfRecords(values: readonly string[]): LintFinding[] {
    const spf = values.filter(isSpfValue);
    const findings: LintFinding[] = [];
    if (spf.length > 1) {
        findings.push({
            level: "mandatory",
            problem: `${spf.length} SPF records (v=spf1) at one name; RFC 7208 section 4.5 makes that a permanent error, so SPF fails for every message`,
            fix: 'merge them into one TXT value, e.g. "v=spf1 include:amazonses.com include:<your other sender> ~all"',
        });
    }
    for (const v of spf) findings.push(...lintSpf(v).findings);
    return findings;
}

/** The tags of a DMARC record (RFC 7489 section 6.3) and what values each takes; `np` is RFC 9091's. */
const DMARC_TAGS: ReadonlyMap<string, { valid: (v: string) => boolean; expect: string }> = new Map([
    ["v", { valid: (v: string) => v === "DMARC1", expect: "DMARC1" }],
    ["p", { valid: isDmarcPolicy, expect: "none, quarantine or reject" }],
    ["sp", { valid: isDmarcPolicy, expect: "none, quarantine or reject" }],
    ["np", { valid: isDmarcPolicy, expect: "none, quarantine or reject" }],
    ["adkim", { valid: (v: string) => /^[rs]$/i.test(v), expect: "r or s" }],
    ["aspf", { valid: (v: string) => /^[rs]$/i.test(v), expect: "r or s" }],
    ["pct", { valid: (v: string) => /^\d{1,3}$/.test(v) && Number(v) <= 100, expect: "an integer from 0 to 100" }],
    ["fo", { valid: (v: string) => /^[01ds](\s*:\s*[01ds])*$/i.test(v), expect: "0, 1, d or s, separated by ':'" }],
    ["rf", { valid: (v: string) => /^[a-z][a-z0-9-]*(\s*:\s*[a-z][a-z0-9-]*)*$/i.test(v), expect: "afrf" }],
    ["ri", { valid: (v: string) => /^\d{1,10}$/.test(v) && Number(v) <= 0xffffffff, expect: "a number of seconds, e.g. 86400" }],
    ["rua", { valid: isDmarcUriList, expect: "mailto: URIs separated by ',', e.g. mailto:dmarc@example.com" }],
    ["ruf", { valid: isDmarcUriList, expect: "mailto: URIs separated by ',', e.g. mailto:dmarc@example.com" }],
]);

function isDmarcPolicy(v: string): boolean {
    return /^(none|quarantine|reject)$/i.test(v);
}

function isDmarcUriList(v: string): boolean {
    return v.split(",").every((u) => /^\s*[a-z][a-z0-9+.-]*:[^\s!,]+(![0-9]+[kmgt]?)?\s*$/i.test(u));
}

/** The `tag=value` pairs of a DMARC value in order, names lower case, values trimmed. */
function dmarcTags(value: string): { name: string; value: string; text: string }[] {
    return unquoteTxtValue(value)
        .split(";")
        .map((t) => t.trim())
        .filter((t) => t !== "")
        .map((text) => {
            const eq = text.indexOf("=");
            return eq < 0
                ? { name: text.toLowerCase(), value: "", text }
                : { name: text.slice(0, eq).trim().toLowerCase(), value: text.slice(eq + 1).trim(), text };
        });
}

/** True when a TXT value names DMARC anywhere (`v=DMARC1` first or not), so it was meant as a DMARC record. */
export function mentionsDmarc(value: string): boolean {
    return /(^|;)\s*v\s*=\s*dmarc1\s*(;|$)/i.test(unquoteTxtValue(value).trim());
}

/** What the DMARC lint needs to know of the domain's mail beyond the record. */
export interface DmarcContext {
    /** True when the domain sends with a custom MAIL FROM subdomain (SPF then aligns only in relaxed mode). */
    customMailFrom?: boolean;
}

/**
 * Lints one DMARC record (RFC 7489 section 6.3, 6.4): `v=DMARC1` first, `p=` present with none, quarantine or
 * reject (else receivers ignore the record, section 6.6.3), each tag known and its value valid (receivers ignore
 * unknown tags, so a misspelt one is lost). With a custom MAIL FROM subdomain, `aspf=s` means SPF never aligns
 * (section 3.1.2), so only DKIM carries DMARC. Every finding is advisory: DMARC does not stop SES mail.
 */
export function lintDmarc(value: string, context: DmarcContext = {}): LintFinding[] {
    const findings: LintFinding[] = [];
    const advise = (problem: string, fix: string) => findings.push({ level: "advisory", problem, fix });
    const tags = dmarcTags(value);
    if (tags[0]?.name !== "v" || !/^dmarc1$/i.test(tags[0].value)) {
        advise("v=DMARC1 is not its first tag, so receivers do not read it as DMARC (RFC 7489 section 6.4)", 'start the value with "v=DMARC1; p=..."');
        return findings;
    }
    const p = tags.find((t) => t.name === "p");
    if (p === undefined)
        advise("it has no p= tag, so receivers apply no policy (RFC 7489 section 6.6.3)", "add p=none (monitor), then tighten to quarantine or reject");
    for (const tag of tags.slice(1)) {
        const rule = DMARC_TAGS.get(tag.name);
        if (rule === undefined) {
            advise(
                `the tag ${quote(tag.text)} is not a DMARC tag; receivers ignore it (RFC 7489 section 6.3)`,
                `use the tags of RFC 7489 section 6.3 (${[...DMARC_TAGS.keys()].join(", ")})`,
            );
        } else if (tag.name === "v") {
            advise("v= appears again after the first tag", "keep v=DMARC1 once, first");
        } else if (!rule.valid(tag.value)) {
            const ignored = tag.name === "p" ? ", so receivers apply no policy (RFC 7489 section 6.6.3)" : "";
            advise(`${tag.name}=${quote(tag.value)} is not valid${ignored}`, `give ${tag.name}= ${rule.expect}`);
        }
    }
    const aspf = tags.find((t) => t.name === "aspf");
    if (context.customMailFrom === true && aspf !== undefined && /^s$/i.test(aspf.value)) {
        advise(
            "aspf=s (strict) with a custom MAIL FROM subdomain: SPF authenticates the MAIL FROM domain, which is never exactly the From domain, " +
                "so SPF never aligns and only DKIM carries DMARC (RFC 7489 section 3.1.2)",
            "use aspf=r (relaxed, the default), or drop the tag",
        );
    }
    return findings;
}

/**
 * Lints the TXT values served at one `_dmarc` name: at most one DMARC record (with two, receivers apply none: RFC
 * 7489 section 6.6.3), a value that names DMARC has `v=DMARC1` first, and each record by {@link lintDmarc}.
 */
export function lintDmarcRecords(values: readonly string[], context: DmarcContext = {}): LintFinding[] {
    const meant = values.filter(mentionsDmarc);
    const findings: LintFinding[] = [];
    if (meant.length > 1) {
        findings.push({
            level: "advisory",
            problem: `${meant.length} DMARC records at one name; with more than one, receivers apply none (RFC 7489 section 6.6.3)`,
            fix: "keep one TXT value at the name",
        });
    }
    for (const v of meant) findings.push(...lintDmarc(v, context));
    return findings;
}

/** The DKIM key length advised by AWS and RFC 8301 (which sets 1024 bits as the least verifiers accept). */
export const ADVISED_DKIM_KEY_BITS = 2048;

/** The finding for a DKIM key of `bits`, when shorter than {@link ADVISED_DKIM_KEY_BITS}; `what` names the key. */
export function lintDkimKeyBits(bits: number, what: string): LintFinding | undefined {
    if (bits >= ADVISED_DKIM_KEY_BITS) return undefined;
    return {
        level: "advisory",
        problem: `${what} is a ${bits}-bit RSA key; ${ADVISED_DKIM_KEY_BITS} bits is advised (RFC 8301 section 3.2; AWS SES DKIM docs)`,
        fix: `use a ${ADVISED_DKIM_KEY_BITS}-bit key`,
    };
}

/** The modulus length of an RSA private key (PEM or base64 DER), or undefined when it is no such key. */
export function rsaPrivateKeyBits(key: string): number | undefined {
    try {
        return parseRsaPrivateKey(key).asymmetricKeyDetails?.modulusLength;
    } catch {
        return undefined;
    }
}

/** The modulus length of a DKIM public key (the base64 DER of a `p=` tag), or undefined when it is no RSA key. */
export function dkimPublicKeyBits(base64: string): number | undefined {
    try {
        const key = createPublicKey({ key: Buffer.from(base64, "base64"), format: "der", type: "spki" });
        return key.asymmetricKeyType === "rsa" ? key.asymmetricKeyDetails?.modulusLength : undefined;
    } catch {
        return undefined;
    }
}

/** SES's Easy DKIM key length that is shorter than advised (`NextSigningKeyLength`, DkimSigningAttributes). */
export const EASY_DKIM_SHORT_KEY = "RSA_1024_BIT";

/** The finding for an Easy DKIM `nextSigningKeyLength`, when it is 1024 bits. */
export function lintEasyDkimKeyLength(length: string): LintFinding | undefined {
    if (length.toUpperCase() !== EASY_DKIM_SHORT_KEY) return undefined;
    return {
        level: "advisory",
        problem: `nextSigningKeyLength is ${EASY_DKIM_SHORT_KEY}; a ${ADVISED_DKIM_KEY_BITS}-bit key is advised (RFC 8301 section 3.2; AWS SES Easy DKIM docs)`,
        fix: 'set nextSigningKeyLength: "RSA_2048_BIT"',
    };
}
