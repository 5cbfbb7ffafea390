/**
 * A DNS record as the policies see it, whichever provider declares it. Each DNS provider is one module
 * implementing {@link DnsProvider}; `providers.ts` lists them, so a third provider is one more module.
 */
import { PolicyResource } from "@pulumi/policy";
import { normalizeDnsName, qualifyDnsName } from "../../../records";
import { ResourceRef } from "../resource-ref";
import { Read, Unknown, isKnown, knownStrings } from "../values";

/** One DNS record resource of the stack as its provider module reads it. */
export interface DnsRecordRead {
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
    /** The property names that carry the record's name or value, for dependency following (one list per provider). */
    linkProperties: readonly string[];
}

/**
 * One DNS record resource of the stack, with what the policies derive from it computed once, when the stack's
 * records are indexed: the policies compare every record with several identities' expected records.
 */
export interface DnsRecord extends Omit<DnsRecordRead, "linkProperties"> {
    /**
     * The record resource's URN. The record names its resource itself rather than by a {@link ResourceRef}: nothing
     * compares records' resources by identity, and the model, alive through the later policies' deserializations,
     * keeps one object less per record for the collector to trace.
     */
    urn: string;
    /** The record resource's name, for messages. */
    resourceName: string;
    /** The anchors (identities, DomainDkim, MAIL FROM settings, BYODKIM key origins) its name or value depends on. */
    anchors: ReadonlySet<ResourceRef>;
    /** The known name as DNS sees it ({@link qualifiedRecordName}); undefined while the name is unknown. */
    qualifiedName: string | undefined;
    /** The known values, in order. */
    knownValues: readonly string[];
    /** True when the value list, or one of its values, is unknown. */
    valuesUnknown: boolean;
}

/** A record's known `name` as DNS sees it: qualified with the record's zone when that is known, else normalized as written. */
export function qualifiedRecordName(record: Pick<DnsRecordRead, "zone">, name: string): string {
    return record.zone !== undefined ? qualifyDnsName(name, record.zone) : normalizeDnsName(name);
}

/** The record types written the one way the model keeps them, upper case: most of a stack's records are of these. */
const RECORD_TYPES: ReadonlyMap<string, string> = new Map(["A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV", "CAA"].map((t) => [t, t]));

/**
 * A record type as the model keeps it: upper case, and for the common types one shared string instead of each
 * resource's own copy (the model outlives the request).
 */
export function recordTypeName(type: string): string {
    const upper = type.toUpperCase();
    return RECORD_TYPES.get(upper) ?? upper;
}

/** A record as read from `resource`, with the anchors it depends on and its derived parts. */
export function withDerivedParts(read: DnsRecordRead, resource: PolicyResource, anchors: ReadonlySet<ResourceRef>): DnsRecord {
    const { values, anyUnknown } = knownStrings(read.values);
    // Every field written out, in one order: one object shape for every record, which a spread does not give.
    return {
        urn: resource.urn,
        resourceName: resource.name,
        provider: read.provider,
        name: read.name,
        zone: read.zone,
        privateZone: read.privateZone,
        type: read.type,
        values: read.values,
        proxied: read.proxied,
        anchors,
        qualifiedName: isKnown(read.name) ? qualifiedRecordName(read, read.name) : undefined,
        knownValues: values,
        valuesUnknown: anyUnknown,
    };
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
    readRecord(resource: PolicyResource, zones: ZoneLookup): DnsRecordRead;
}
