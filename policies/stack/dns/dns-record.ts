/**
 * A DNS record as the policies see it, whichever provider declares it. Each DNS provider is one module
 * implementing {@link DnsProvider}; `providers.ts` lists them, so a third provider is one more module.
 */
import { PolicyResource } from "@pulumi/policy";
import { normalizeDnsName, qualifyDnsName } from "../../../records";
import { Read, Unknown } from "../values";

/** One DNS record resource of the stack, read through its provider module. */
export interface DnsRecord {
    /** The record resource. */
    resource: PolicyResource;
    /** The DNS provider's display name, e.g. `Route 53`. */
    provider: string;
    /** The record name as written (relative, absolute or fully qualified). */
    name: Read<string>;
    /** The name of the record's zone, when the stack says it. */
    zone: string | undefined;
    /**
     * True when the record's zone is a private hosted zone (served only inside its VPCs). SES looks records up in
     * public DNS, so a record there verifies nothing.
     */
    privateZone: boolean;
    /** The record type, upper case. */
    type: Read<string>;
    /** The values in the form DNS serves them (MX as `<priority> <host>`); elements may be unknown. */
    values: Read<(string | Unknown)[]>;
    /** Whether the provider proxies the record instead of serving it (Cloudflare); false elsewhere. */
    proxied: Read<boolean>;
    /** The property names that carry the record's name, for dependency following. */
    nameProperties: readonly string[];
    /** The property names that carry the record's value, for dependency following. */
    valueProperties: readonly string[];
}

/** A record's known `name` as DNS sees it: qualified with the record's zone when that is known, else normalized as written. */
export function qualifiedRecordName(record: Pick<DnsRecord, "zone">, name: string): string {
    return record.zone !== undefined ? qualifyDnsName(name, record.zone) : normalizeDnsName(name);
}

/** A DNS zone resource declared in the stack. */
export interface DnsZone {
    /** The zone name, lower case without trailing dot, when known. */
    name: string | undefined;
    /** The provider's zone id, when known. */
    id: string | undefined;
    /** True for a private hosted zone (Route 53 with `vpcs`). */
    private: boolean;
}

/** Finds the zone a record is in: by its known zone id, else by the zone resource its zone id depends on. */
export interface ZoneLookup {
    /** The zone (with a known name) of a record resource whose zone id property is `zoneIdProperty`. */
    zoneOf(record: PolicyResource, zoneId: Read<string>, zoneIdProperty: string): DnsZone | undefined;
}

/** How one DNS provider's resources read: which types are records and zones, and how to read them. */
export interface DnsProvider {
    /** Display name, e.g. `Cloudflare`. */
    name: string;
    /** Type tokens of its record resources. */
    recordTypes: ReadonlySet<string>;
    /** Type tokens of its zone resources. */
    zoneTypes: ReadonlySet<string>;
    /** Reads a zone resource. */
    readZone(resource: PolicyResource): DnsZone;
    /** Reads a record resource. */
    readRecord(resource: PolicyResource, zones: ZoneLookup): DnsRecord;
}
