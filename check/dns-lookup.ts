/**
 * `--dns`: looks the expected records up in DNS (node:dns, a chosen resolver or the system's) and says
 * per record whether it is present and right, missing, or holds another value. Together with SES's status
 * this tells "the record is missing" from "SES has not looked again yet". The values served then go through the
 * same mail-authentication lint the policies apply to the records a stack plans (records/mail-auth-lint.ts).
 */
import { Resolver } from "node:dns/promises";
import {
    dkimPublicKeyBits,
    isDmarcValue,
    LintFinding,
    lintDkimKeyBits,
    lintDmarcRecords,
    lintSpfRecords,
    normalizeDnsName,
    recordValueMatches,
} from "../records";
import { dkimTxtPublicKey } from "../records/dkim-txt";
import { CheckSetupError } from "./check-setup-error";
import type { ExpectedRecord } from "./expected-records";
import { DnsFinding } from "./identity-result";
import { mapLimited } from "./map-limited";

/** How lookups are made. */
export interface DnsSettings {
    /** `IP` or `IP:PORT` (`[IPv6]:PORT`); the system resolvers when undefined. */
    resolver?: string;
    /** Per-query timeout. */
    timeoutMs: number;
    /** Tries per query. */
    tries: number;
}

/** Codes meaning "no such record" rather than "could not ask". */
const ABSENT = new Set(["ENOTFOUND", "ENODATA", "NXDOMAIN", "ENONAME"]);

/** A resolver per the settings; a malformed resolver address is a CheckSetupError. */
export function createResolver(settings: DnsSettings): Resolver {
    const resolver = new Resolver({ timeout: settings.timeoutMs, tries: settings.tries });
    if (settings.resolver !== undefined) {
        try {
            resolver.setServers([settings.resolver]);
        } catch {
            throw new CheckSetupError(`--resolver '${settings.resolver}': not an IP address or IP:PORT (e.g. 1.1.1.1 or 127.0.0.1:5353)`);
        }
    }
    return resolver;
}

/** Looks one expected record up. Never throws: resolver failures become `error` findings. */
export async function lookupRecord(resolver: Resolver, record: ExpectedRecord): Promise<DnsFinding> {
    let found: string[];
    try {
        found = await query(resolver, record);
    } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? "ERROR";
        if (ABSENT.has(code)) return { record, state: "missing", found: [] };
        return { record, state: "error", found: [], note: code };
    }
    if (found.length === 0) return { record, state: "missing", found };
    return { record, state: found.some((value) => valueMatches(record, value)) ? "ok" : "wrong", found };
}

/** Looks every record up, a few at a time. */
export function lookupRecords(resolver: Resolver, records: readonly ExpectedRecord[], concurrency = 8): Promise<DnsFinding[]> {
    return mapLimited(records, concurrency, (record) => lookupRecord(resolver, record));
}

async function query(resolver: Resolver, record: ExpectedRecord): Promise<string[]> {
    switch (record.type) {
        case "CNAME":
            return (await resolver.resolveCname(record.name)).map(normalizeDnsName);
        case "MX":
            return (await resolver.resolveMx(record.name)).map((mx) => `${mx.priority} ${normalizeDnsName(mx.exchange)}`);
        case "TXT":
            return (await resolver.resolveTxt(record.name)).map((chunks) => chunks.join(""));
    }
}

function valueMatches(record: ExpectedRecord, value: string): boolean {
    if (record.purpose === "dmarc") return isDmarcValue(value);
    // A BYODKIM public key SES does not return: any key published under the selector will do.
    if (record.openParts?.includes("public-key")) return /(^|;)\s*p=[A-Za-z0-9+/=]+/.test(value);
    return recordValueMatches(record.type, value, record.value);
}

/** The lint of what DNS serves for one record of an identity; `customMailFrom` when the identity has one. */
function lintServed(finding: DnsFinding, customMailFrom: boolean): LintFinding[] {
    switch (finding.record.purpose) {
        case "mail-from-spf":
            return lintSpfRecords(finding.found);
        case "dmarc":
            return lintDmarcRecords(finding.found, { customMailFrom });
        case "byodkim": {
            const out: LintFinding[] = [];
            for (const value of finding.found) {
                const key = dkimTxtPublicKey(value);
                const bits = key === undefined ? undefined : dkimPublicKeyBits(key);
                const f = bits === undefined ? undefined : lintDkimKeyBits(bits, "the DKIM key DNS serves");
                if (f !== undefined) out.push(f);
            }
            return out;
        }
        default:
            return [];
    }
}

/**
 * Adds to each of one identity's findings what the mail-authentication lint finds in the values DNS serves (two SPF
 * records, a misspelt SPF term, a DMARC record receivers ignore, a 1024-bit BYODKIM key). SPF includes are not
 * followed: their own lookups are named as not counted.
 */
export function addLintFindings(findings: readonly DnsFinding[]): void {
    const customMailFrom = findings.some((f) => f.record.purpose === "mail-from-spf");
    for (const f of findings) {
        const lint = lintServed(f, customMailFrom);
        if (lint.length > 0) f.lint = lint;
    }
}
