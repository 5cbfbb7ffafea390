/**
 * The DNS adapter a component publishes its records through: Route 53 (route53-dns.ts), Cloudflare
 * (cloudflare-dns.ts), your own, or `false` to publish them yourself from the component's `records` output.
 */
import * as pulumi from "@pulumi/pulumi";
import { asciiDomainName, asciiIdentityName, domainNameProblem, isSameOrSubdomain, RecordPurpose, RecordType, RequiredRecord } from "../records";
import { ArgumentProblem, asciiFormOf } from "./argument-error";

/** One record a component needs published, declared outside any `.apply()` so preview and policies see it. */
export interface DeclaredRecord {
    /** What the record is for. */
    purpose: RecordPurpose;
    /** The child resource is named `<component name>-<suffix>`, e.g. `dkim-1`. */
    suffix: string;
    /** The record type, known even when the record is not (Easy DKIM during preview). */
    type: RecordType;
    /** The record from records/: fully qualified name, type and value as DNS serves it. */
    record: pulumi.Output<RequiredRecord>;
}

/** A DNS service a component can publish its records in. */
export interface DnsAdapter {
    /** The service's name, for messages: `Route 53`, `Cloudflare`. */
    readonly service: string;
    /**
     * Why this adapter cannot publish the records of `domain` (fields relative to the adapter's options,
     * e.g. `zoneName`), or undefined. Called before the component creates any resource.
     */
    problem(domain: string): ArgumentProblem | undefined;
    /** Declares one DNS record resource per entry of `records`, children of `parent`, named `<name>-<suffix>`. */
    declareRecords(name: string, records: readonly DeclaredRecord[], parent: pulumi.Resource): pulumi.CustomResource[];
}

/** Where a component's records go: an adapter, or `false` to publish them yourself. */
export type DnsChoice = DnsAdapter | false;

/** True when `ttl` is a whole number of seconds within `[min, max]`. */
export function ttlInRange(ttl: number, min: number, max: number): boolean {
    return Number.isInteger(ttl) && ttl >= min && ttl <= max;
}

/**
 * Why a zone named `zoneName` cannot hold the records of `domain` (in ASCII form; it must be that domain or a parent),
 * or undefined. A Unicode zone name is judged in its ASCII form, as Route 53 and Cloudflare name zones.
 */
export function zoneNameProblem(zoneName: string, domain: string): ArgumentProblem | undefined {
    const ascii = asciiFormOf(zoneName);
    const bad = typeof zoneName === "string" ? domainNameProblem(asciiIdentityName(zoneName)) : "it is not a string";
    if (bad !== undefined)
        return { field: "zoneName", value: zoneName, ascii, problem: `is not a domain name: ${bad}`, fix: 'Give the zone\'s name, e.g. "example.com".' };
    if (isSameOrSubdomain(domain, asciiDomainName(zoneName))) return undefined;
    return {
        field: "zoneName",
        value: zoneName,
        ascii,
        problem: `cannot hold the records of "${domain}" (it is neither that domain nor a parent of it)`,
        fix: `Give the zone that serves "${domain}".`,
    };
}
