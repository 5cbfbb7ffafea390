/**
 * The DNS records SES verification uses: their types and purposes, how each is named and valued (as text
 * whose parts may be open, and as strings when every part is known), and how values compare. Which records
 * an identity needs is assembled from these in record-assembly.ts. Pure functions, no I/O.
 */
import { dkimDomainForRegion } from "./dkim-domains";
import { normalizeDnsName } from "./dns-names";
import { Knowable, piece, RecordText, TextPiece } from "./record-text";

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

/** `<token or selector>._domainkey.<domain>`, as text whose token (or selector) and domain may be open. */
export function dkimNameText(tokenOrSelector: TextPiece, domain: TextPiece): RecordText {
    return [mapKnown(tokenOrSelector, (t) => t.toLowerCase()), `.${DKIM_LABEL}.`, mapKnown(domain, normalizeDnsName)];
}

/** The name of an Easy DKIM (or BYODKIM) record: `<token>._domainkey.<domain>`. */
export function dkimRecordName(tokenOrSelector: string, domain: string): string {
    return dkimNameText(tokenOrSelector, domain).join("");
}

/**
 * The zone an Easy DKIM CNAME points into: the zone SES reports it signs in (`DkimAttributes.SigningHostedZone`)
 * when given, else the DKIM domain of `region` (open while the region is).
 */
export function dkimZonePiece(region: Knowable<string>, signingZone?: string): TextPiece {
    if (signingZone) return normalizeDnsName(signingZone);
    return piece(region, { part: "dkim-domain" }, dkimDomainForRegion);
}

/** The CNAME target of an Easy DKIM record, `<token>.<zone>`, as text whose token and zone may be open. */
export function dkimValueText(token: TextPiece, zone: TextPiece): RecordText {
    return [mapKnown(token, (t) => t.toLowerCase()), ".", zone];
}

/**
 * The CNAME target of an Easy DKIM record: `<token>.<dkim domain of region>`, or `<token>.<signingZone>` when
 * SES has reported the zone it signs in (`DkimAttributes.SigningHostedZone`).
 */
export function dkimRecordValue(token: string, region: string, signingZone?: string): string {
    return dkimValueText(token, dkimZonePiece(region, signingZone)).join("");
}

/**
 * True when `value` (a CNAME target as written) is {@link dkimRecordValue}`(token, region)`: compared without
 * building that text, since the policies compare every Easy DKIM record of a stack with it.
 */
export function isDkimRecordValue(value: string, token: string, region: string): boolean {
    const host = normalizeDnsName(value);
    const zone = dkimDomainForRegion(region);
    return host.length === token.length + 1 + zone.length && host[token.length] === "." && host.endsWith(zone) && host.startsWith(token.toLowerCase());
}

/** The name of the SES v1 verification TXT record, `_amazonses.<domain>`, as text whose domain may be open. */
export function v1VerificationNameText(domain: TextPiece): RecordText {
    return ["_amazonses.", mapKnown(domain, normalizeDnsName)];
}

/** The name of the SES v1 verification TXT record: `_amazonses.<domain>`. */
export function v1VerificationRecordName(domain: string): string {
    return v1VerificationNameText(domain).join("");
}

/** The MX value of a custom MAIL FROM domain, `10 feedback-smtp.<region>.amazonses.com`, as text whose region may be open. */
export function mailFromMxText(region: TextPiece): RecordText {
    return [`${MAIL_FROM_MX_PRIORITY} feedback-smtp.`, region, ".amazonses.com"];
}

/** The MX value of a custom MAIL FROM domain in `region`: `10 feedback-smtp.<region>.amazonses.com`. */
export function mailFromMxValue(region: string): string {
    return mailFromMxText(region).join("");
}

/** The name of a domain's DMARC record, `_dmarc.<domain>`, as text whose domain may be open. */
export function dmarcNameText(domain: TextPiece): RecordText {
    return ["_dmarc.", mapKnown(domain, normalizeDnsName)];
}

/** The name of a domain's DMARC record: `_dmarc.<domain>`. */
export function dmarcRecordName(domain: string): string {
    return dmarcNameText(domain).join("");
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

/** A known piece changed by `f`; an open part as it is. */
function mapKnown(p: TextPiece, f: (known: string) => string): TextPiece {
    return typeof p === "string" ? f(p) : p;
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
    if (type === "CNAME") return actual === required || normalizeDnsName(actual) === normalizeDnsName(required);
    const [pa, ...ha] = actual.trim().split(/\s+/);
    const [pr, ...hr] = required.trim().split(/\s+/);
    return pa === pr && normalizeDnsName(ha.join(" ")) === normalizeDnsName(hr.join(" "));
}
