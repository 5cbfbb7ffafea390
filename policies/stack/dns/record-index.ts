/**
 * Every DNS record of a stack, read through its provider module and indexed by normalized name, so finding
 * the records that can be `x._domainkey.example.com` costs one lookup (and one per leading part of the name that
 * is as long as some zone-unknown record's name), not a scan.
 */
import { PolicyResource } from "@pulumi/policy";
import { normalizeDnsName } from "../../../records";
import { ResourceRef, byUrn } from "../resource-ref";
import { Read, isKnown } from "../values";
import { DnsProvider, DnsRecord, DnsZone, ZoneLookup, withDerivedParts } from "./dns-record";
import { DNS_PROVIDERS } from "./providers";

/** The longest a DNS name can be (RFC 1035: 255 octets on the wire, 253 characters written). */
const MAX_DNS_NAME_LENGTH = 253;

/** The answer of a lookup that finds nothing, shared. */
const NO_RECORDS: readonly DnsRecord[] = Object.freeze([]);

/** The zones declared in a stack, by id and by resource. */
class StackZones implements ZoneLookup {
    private readonly byId = new Map<string, DnsZone>();
    private readonly byResource = new Map<PolicyResource, DnsZone>();

    add(resource: PolicyResource, zone: DnsZone): void {
        this.byResource.set(resource, zone);
        if (zone.id !== undefined && zone.name !== undefined) this.byId.set(zone.id, zone);
    }

    zoneOf(record: PolicyResource, zoneId: Read<string>, zoneIdProperty: string): DnsZone | undefined {
        if (isKnown(zoneId)) {
            const byId = this.byId.get(zoneId);
            if (byId !== undefined) return byId;
        }
        const deps = record.propertyDependencies?.[zoneIdProperty];
        if (!Array.isArray(deps)) return undefined;
        for (const dep of deps) {
            const zone = this.byResource.get(dep);
            if (zone?.name !== undefined) return zone;
        }
        return undefined;
    }
}

/** Each type token `types` gives the providers, with the provider that reads it (the first to claim a token keeps it). */
function byType(providers: readonly DnsProvider[], types: (p: DnsProvider) => ReadonlySet<string>): Map<string, DnsProvider> {
    const map = new Map<string, DnsProvider>();
    for (const p of providers) for (const t of types(p)) if (!map.has(t)) map.set(t, p);
    return map;
}

/** The number of labels in a normalized DNS name. */
function labelCount(name: string): number {
    let count = 1;
    for (let i = name.indexOf("."); i >= 0; i = name.indexOf(".", i + 1)) count++;
    return count;
}

/** The DNS records of a stack, with lookups by name. */
export class DnsRecordIndex {
    /** Every record, in no meaningful order (by provider and type, then the request's); each name's list is in URN order. */
    readonly records: readonly DnsRecord[];
    /**
     * The records filed under each name: the record itself when it is the only one (most names), else a list in URN
     * order. The model is alive through the later policies' deserializations, and a list per record would be
     * two more objects each for the collector to trace.
     */
    private readonly byName = new Map<string, DnsRecord | DnsRecord[]>();
    /** The label counts of the keys of records whose zone is unknown (filed under their name as written). */
    private readonly relativeLabelCounts = new Set<number>();
    /** The label counts of every key: a name of another count is filed under no key, and is not hashed to find that out. */
    private readonly keyLabelCounts = new Set<number>();
    /** The most labels of any key. */
    private maxKeyLabels = 0;

    /**
     * Reads the records (and zones) of every supported provider, `ofType` giving the stack's resources of a type;
     * each record names its resource by a ref of its own and carries what `anchorsOf` answers for its link
     * properties. Nothing of the resources is kept.
     */
    constructor(
        ofType: (type: string) => readonly PolicyResource[],
        anchorsOf: (resource: PolicyResource, properties: readonly string[]) => ReadonlySet<ResourceRef>,
        providers: readonly DnsProvider[] = DNS_PROVIDERS,
    ) {
        // Zones first (a record may be listed before its zone), in URN order: of two zones with one id, the same wins.
        const zones = new StackZones();
        const zoneResources: { r: PolicyResource; p: DnsProvider }[] = [];
        for (const [type, p] of byType(providers, (p) => p.zoneTypes)) for (const r of ofType(type)) zoneResources.push({ r, p });
        zoneResources.sort((a, b) => byUrn(a.r, b.r));
        for (const { r, p } of zoneResources) zones.add(r, p.readZone(r));
        const records: DnsRecord[] = [];
        for (const [type, p] of byType(providers, (p) => p.recordTypes)) {
            for (const r of ofType(type)) this.file(records, r, p, zones, anchorsOf);
        }
        // The request's order means nothing: a name's records are listed in URN order (most names have one).
        for (const filed of this.byName.values()) if (Array.isArray(filed)) filed.sort(byUrn);
        this.records = records;
    }

    /** Reads record `r` through provider `p`, adds it to `records` and files it under its name. */
    private file(
        records: DnsRecord[],
        r: PolicyResource,
        p: DnsProvider,
        zones: ZoneLookup,
        anchorsOf: (resource: PolicyResource, properties: readonly string[]) => ReadonlySet<ResourceRef>,
    ): void {
        const read = p.readRecord(r, zones);
        const record = withDerivedParts(read, r, anchorsOf(r, read.linkProperties));
        records.push(record);
        // Filed under its fully qualified name when its zone is known, else under its name as written.
        const key = record.qualifiedName;
        if (key === undefined) return;
        const labels = labelCount(key);
        this.keyLabelCounts.add(labels);
        if (labels > this.maxKeyLabels) this.maxKeyLabels = labels;
        if (record.zone === undefined) this.relativeLabelCounts.add(labels);
        const filed = this.byName.get(key);
        if (filed === undefined) this.byName.set(key, record);
        else if (Array.isArray(filed)) filed.push(record);
        else this.byName.set(key, [filed, record]);
    }

    /** The records filed under `key`, as a list. */
    private filedUnder(key: string): readonly DnsRecord[] {
        const filed = this.byName.get(key);
        return filed === undefined ? NO_RECORDS : Array.isArray(filed) ? filed : [filed];
    }

    /**
     * The records named `fqdn` followed by one of `zones` again (`x._domainkey.example.com.example.com`, an FQDN
     * given to a provider that appends the zone), each zone's in turn as {@link named} finds them. A stack with no
     * zone-unknown record and no name that long pays no lookup and builds no name.
     */
    namedWithZoneAgain(fqdn: string, zones: readonly string[]): readonly DnsRecord[] {
        const labels = labelCount(normalizeDnsName(fqdn));
        // Every zone adds a label at least: a name already as long as every key's is followed by none.
        if (this.relativeLabelCounts.size === 0 && labels >= this.maxKeyLabels) return NO_RECORDS;
        let found: DnsRecord[] | undefined;
        for (const z of zones) {
            if (this.relativeLabelCounts.size === 0 && !this.keyLabelCounts.has(labels + labelCount(normalizeDnsName(z)))) continue;
            const named = this.named(`${fqdn}.${z}`);
            if (named.length > 0) (found ??= []).push(...named);
        }
        return found ?? NO_RECORDS;
    }

    /**
     * The records whose (known) name can be `fqdn`: written fully qualified, relative to a known zone, or
     * relative with the zone unknown (then any leading part of `fqdn` may be the name). Shorter leading parts
     * first, each in stack order. Only the leading parts with as many labels as some zone-unknown record's name
     * are looked up, so a stack whose records all have known zones pays at most one lookup per name (none for a
     * name with more labels than any record's, such as the doubled-zone names ses-dkim-record-values tries).
     */
    named(fqdn: string): readonly DnsRecord[] {
        const expected = normalizeDnsName(fqdn);
        // No DNS name is longer; a longer one (an invalid identity's) is in no zone, and is not walked label by label.
        if (expected.length > MAX_DNS_NAME_LENGTH) return NO_RECORDS;
        const exact = this.keyLabelCounts.has(labelCount(expected)) ? this.filedUnder(expected) : NO_RECORDS;
        // Without zone-unknown records (the common case) the answer is the list filed under `fqdn`, as it is.
        if (this.relativeLabelCounts.size === 0) return exact;
        // A record filed under a leading part of `fqdn` can be it only when its zone is unknown (a known zone files
        // it under its full name); every record filed under `fqdn` itself is it (see `dnsNameMatches`).
        const found: DnsRecord[] = [];
        let labels = 1;
        for (let end = expected.indexOf("."); end >= 0; end = expected.indexOf(".", end + 1), labels++) {
            if (!this.relativeLabelCounts.has(labels)) continue;
            for (const r of this.filedUnder(expected.slice(0, end))) if (r.zone === undefined) found.push(r);
        }
        found.push(...exact);
        return found;
    }
}
