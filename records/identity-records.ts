/**
 * What DNS records an SES identity needs: the one source of truth. The components create these records,
 * the policies demand them and the post-deploy check explains which are missing. Pure functions, no I/O.
 */
import { dkimDomainForRegion } from "./dkim-domains";
import { normalizeDnsName } from "./dns-names";

/** The DNS record types SES verification uses. */
export type RecordType = "CNAME" | "TXT" | "MX";

/** Why a record exists; `dmarc` is advised, every other purpose is needed to verify or send. */
export type RecordPurpose = "easy-dkim" | "byodkim" | "v1-verification" | "mail-from-mx" | "mail-from-spf" | "dmarc";

/** One DNS record an identity needs: fully qualified lower-case name without trailing dot, type, value. */
export interface RequiredRecord {
    /** What the record is for. */
    purpose: RecordPurpose;
    /** Fully qualified, lower case, no trailing dot. */
    name: string;
    /** Record type. */
    type: RecordType;
    /** The value as DNS serves it: TXT unquoted and unsplit, MX as `<priority> <host>`. */
    value: string;
    /** True when SES cannot verify or send without it; false for advice (DMARC). */
    required: boolean;
}

/** How many tokens (and so CNAMEs) SES Easy DKIM issues for a domain. */
export const EASY_DKIM_TOKEN_COUNT = 3;

/** The label under which DKIM keys live: `<selector>._domainkey.<domain>`. */
export const DKIM_LABEL = "_domainkey";

/** The SPF value SES asks for on a custom MAIL FROM domain. */
export const MAIL_FROM_SPF_VALUE = "v=spf1 include:amazonses.com ~all";

/** The MX priority SES documents for a custom MAIL FROM domain. */
export const MAIL_FROM_MX_PRIORITY = 10;

/** The name of an Easy DKIM (or BYODKIM) record: `<token>._domainkey.<domain>`. */
export function dkimRecordName(tokenOrSelector: string, domain: string): string {
    return `${tokenOrSelector.toLowerCase()}.${DKIM_LABEL}.${normalizeDnsName(domain)}`;
}

/**
 * The CNAME target of an Easy DKIM record: `<token>.<dkim domain of region>`, or `<token>.<signingZone>` when
 * SES has reported the zone it signs in (`DkimAttributes.SigningHostedZone`).
 */
export function dkimRecordValue(token: string, region: string, signingZone?: string): string {
    const zone = signingZone ? normalizeDnsName(signingZone) : dkimDomainForRegion(region);
    return `${token.toLowerCase()}.${zone}`;
}

/** The three (or however many SES issued) Easy DKIM CNAMEs of `domain` in `region` (or in SES's reported `signingZone`). */
export function easyDkimRecords(domain: string, tokens: readonly string[], region: string, signingZone?: string): RequiredRecord[] {
    return tokens.map((token) => ({
        purpose: "easy-dkim",
        name: dkimRecordName(token, domain),
        type: "CNAME",
        value: dkimRecordValue(token, region, signingZone),
        required: true,
    }));
}

/** The BYODKIM TXT record: `<selector>._domainkey.<domain>` = `p=<public key, base64 DER>`. */
export function byoDkimRecord(domain: string, selector: string, publicKeyBase64: string): RequiredRecord {
    return {
        purpose: "byodkim",
        name: dkimRecordName(selector, domain),
        type: "TXT",
        value: `p=${publicKeyBase64}`,
        required: true,
    };
}

/** The name of the SES v1 verification TXT record: `_amazonses.<domain>`. */
export function v1VerificationRecordName(domain: string): string {
    return `_amazonses.${normalizeDnsName(domain)}`;
}

/** The SES v1 domain verification TXT record carrying `verificationToken`. */
export function v1VerificationRecord(domain: string, verificationToken: string): RequiredRecord {
    return {
        purpose: "v1-verification",
        name: v1VerificationRecordName(domain),
        type: "TXT",
        value: verificationToken,
        required: true,
    };
}

/** The MX value of a custom MAIL FROM domain in `region`: `10 feedback-smtp.<region>.amazonses.com`. */
export function mailFromMxValue(region: string): string {
    return `${MAIL_FROM_MX_PRIORITY} feedback-smtp.${region}.amazonses.com`;
}

/** The MX and SPF TXT records a custom MAIL FROM domain needs in `region`. */
export function mailFromRecords(mailFromDomain: string, region: string): RequiredRecord[] {
    const name = normalizeDnsName(mailFromDomain);
    return [
        { purpose: "mail-from-mx", name, type: "MX", value: mailFromMxValue(region), required: true },
        { purpose: "mail-from-spf", name, type: "TXT", value: MAIL_FROM_SPF_VALUE, required: true },
    ];
}

/** The name of a domain's DMARC record: `_dmarc.<domain>`. */
export function dmarcRecordName(domain: string): string {
    return `_dmarc.${normalizeDnsName(domain)}`;
}

/** DMARC policy choices, from monitoring only to rejecting. */
export type DmarcPolicy = "none" | "quarantine" | "reject";

/** What a DMARC record says: its policy and where aggregate reports go. */
export interface DmarcOptions {
    /** @default "none" (monitor only) */
    policy?: DmarcPolicy;
    /** Address that receives aggregate reports (`rua=mailto:`). @default none */
    reportAddress?: string;
}

/** The DMARC value: `v=DMARC1; p=<policy>[; rua=mailto:<address>]`. */
export function dmarcValue(options: DmarcOptions = {}): string {
    const parts = ["v=DMARC1", `p=${options.policy ?? "none"}`];
    if (options.reportAddress) parts.push(`rua=mailto:${options.reportAddress}`);
    return parts.join("; ");
}

/** True when a TXT value is a DMARC record (starts `v=DMARC1`, any case, spaces allowed before `;`). */
export function isDmarcValue(value: string): boolean {
    return /^v\s*=\s*dmarc1\s*(;|$)/i.test(unquoteTxtValue(value).trim());
}

/** The advised DMARC TXT record of `domain`. */
export function dmarcRecord(domain: string, options: DmarcOptions = {}): RequiredRecord {
    return { purpose: "dmarc", name: dmarcRecordName(domain), type: "TXT", value: dmarcValue(options), required: false };
}

/** Everything that decides which records a domain identity needs. */
export interface DomainIdentitySpec {
    /** The domain, e.g. `example.com` or `mail.example.com`. */
    domain: string;
    /** The identity's AWS region (decides the DKIM domain and the MAIL FROM MX host). */
    region: string;
    /** Easy DKIM tokens issued by SES, or a BYODKIM selector and public key. */
    dkim?: { kind: "easy"; tokens: readonly string[] } | { kind: "byodkim"; selector: string; publicKeyBase64: string };
    /** SES v1 identities only: the `_amazonses` verification token. */
    verificationToken?: string;
    /** A custom MAIL FROM domain, a subdomain of `domain`. */
    mailFromDomain?: string;
    /** Publish (or advise) a DMARC record with these settings. */
    dmarc?: DmarcOptions;
}

/** Every record a domain identity needs (and the advised DMARC record when `dmarc` is given), in a stable order. */
export function domainIdentityRecords(spec: DomainIdentitySpec): RequiredRecord[] {
    const records: RequiredRecord[] = [];
    if (spec.verificationToken !== undefined) records.push(v1VerificationRecord(spec.domain, spec.verificationToken));
    if (spec.dkim?.kind === "easy") records.push(...easyDkimRecords(spec.domain, spec.dkim.tokens, spec.region));
    if (spec.dkim?.kind === "byodkim") {
        records.push(byoDkimRecord(spec.domain, spec.dkim.selector, spec.dkim.publicKeyBase64));
    }
    if (spec.mailFromDomain !== undefined) records.push(...mailFromRecords(spec.mailFromDomain, spec.region));
    if (spec.dmarc !== undefined) records.push(dmarcRecord(spec.domain, spec.dmarc));
    return records;
}

/** The longest string one TXT character-string may hold. */
export const TXT_CHUNK_LENGTH = 255;

/** Splits a long TXT value into the 255-character strings DNS carries. */
export function splitTxtValue(value: string, chunk = TXT_CHUNK_LENGTH): string[] {
    if (value.length <= chunk) return [value];
    const parts: string[] = [];
    for (let i = 0; i < value.length; i += chunk) parts.push(value.slice(i, i + chunk));
    return parts;
}

/**
 * A TXT value as DNS serves it, from any way a provider writes it: surrounding quotes dropped and split
 * strings joined (`"p=abc" "def"`, `p=abc""def` and `p=abcdef` are the same value).
 */
export function unquoteTxtValue(value: string): string {
    const v = value.trim();
    if (!v.includes('"')) return v;
    const quoted = v.match(/"((?:[^"\\]|\\.)*)"/g);
    if (quoted && v.startsWith('"') && v.endsWith('"')) return quoted.map((q) => q.slice(1, -1)).join("");
    return v.replace(/""/g, "").replace(/^"|"$/g, "");
}

/** True when a record value as a provider wrote it equals the required value, for the record's type. */
export function recordValueMatches(type: RecordType, actual: string, required: string): boolean {
    if (type === "TXT") return unquoteTxtValue(actual) === required;
    if (type === "CNAME") return normalizeDnsName(actual) === normalizeDnsName(required);
    const [pa, ...ha] = actual.trim().split(/\s+/);
    const [pr, ...hr] = required.trim().split(/\s+/);
    return pa === pr && normalizeDnsName(ha.join(" ")) === normalizeDnsName(hr.join(" "));
}
