/**
 * How each DNS provider's API wants a required record written. The record itself (name, type, value as DNS
 * serves it) comes from identity-records.ts; these functions only change its spelling for one API.
 */
import { normalizeDnsName } from "./dns-names";
import { RecordPurpose, RecordType, RequiredRecord, splitTxtValue } from "./identity-records";

/** The record type each purpose always uses, known before any value is (e.g. during preview). */
export const RECORD_TYPE_BY_PURPOSE: Readonly<Record<RecordPurpose, RecordType>> = {
    "easy-dkim": "CNAME",
    byodkim: "TXT",
    "v1-verification": "TXT",
    "mail-from-mx": "MX",
    "mail-from-spf": "TXT",
    dmarc: "TXT",
};

/**
 * The one string Route 53 (`aws.route53.Record.records[0]`) takes for a record. The provider wraps a TXT
 * value in quotes itself, so a value longer than 255 characters is written as its 255-character strings
 * joined by `""` (`first255""rest`), which Route 53 stores as `"first255" "rest"`.
 */
export function route53RecordValue(record: Pick<RequiredRecord, "type" | "value">): string {
    return record.type === "TXT" ? splitTxtValue(record.value).join('""') : record.value;
}

/** What a Cloudflare DNS record takes: `content`, plus `priority` for MX. */
export interface CloudflareRecordContent {
    /** The record's content: CNAME target, MX host or TXT value (Cloudflare splits long TXT values itself). */
    content: string;
    /** The MX priority; absent for other types. */
    priority?: number;
}

/** A required record in the form a Cloudflare DNS record takes: an MX value is split into priority and host. */
export function cloudflareRecordContent(record: Pick<RequiredRecord, "type" | "value">): CloudflareRecordContent {
    if (record.type !== "MX") return { content: record.value };
    const [priority, ...host] = record.value.trim().split(/\s+/);
    return { content: normalizeDnsName(host.join(" ")), priority: Number(priority) };
}
