/**
 * Every DNS record of a stack, read through its provider module and indexed by normalized name, so finding
 * the records that can be `x._domainkey.example.com` costs one lookup (and one per leading part of the name that
 * is as long as some zone-unknown record's name), not a scan.
 */
import { PolicyResource } from "@pulumi/policy";
import { normalizeDnsName } from "../../../records";
import { Read, isKnown } from "../values";

/** The longest a DNS name can be (RFC 1035: 255 octets on the wire, 253 characters written). */
const MAX_DNS_NAME_LENGTH = 253;
import { DnsProvider, DnsRecord, DnsZone, ZoneLookup, qualifiedRecordName } from "./dns-record";
import { DNS_PROVIDERS } from "./providers";

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

/** The key a record is filed under: its fully qualified name when its zone is known, else its name as written. */
function indexKey(record: DnsRecord): string | undefined {
    return isKnown(record.name) ? qualifiedRecordName(record, record.name) : undefined;
}

/** The number of labels in a normalized DNS name. */
function labelCount(name: string): number {
    let count = 1;
    for (let i = name.indexOf("."); i >= 0; i = name.indexOf(".", i + 1)) count++;
    return count;
}

/** The DNS records of a stack, with lookups by name. */
export class DnsRecordIndex {
    /** Every record, in stack order. */
    readonly records: readonly DnsRecord[];
    private readonly byName = new Map<string, DnsRecord[]>();
    /** The label counts of the keys of records whose zone is unknown (filed under their name as written). */
    private readonly relativeLabelCounts = new Set<number>();
    /** The label counts of every key: a name of another count is filed under no key, and is not hashed to find that out. */
    private readonly keyLabelCounts = new Set<number>();

    /** Reads the records (and zones) of every supported provider among `resources`. */
    constructor(resources: readonly PolicyResource[], providers: readonly DnsProvider[] = DNS_PROVIDERS) {
        const zones = new StackZones();
        const recordResources: [PolicyResource, DnsProvider][] = [];
        for (const r of resources) {
            for (const p of providers) {
                if (p.zoneTypes.has(r.type)) zones.add(r, p.readZone(r));
                else if (p.recordTypes.has(r.type)) recordResources.push([r, p]);
            }
        }
        const records: DnsRecord[] = [];
        for (const [r, p] of recordResources) {
            const record = p.readRecord(r, zones);
            records.push(record);
            const key = indexKey(record);
            if (key === undefined) continue;
            const labels = labelCount(key);
            this.keyLabelCounts.add(labels);
            if (record.zone === undefined) this.relativeLabelCounts.add(labels);
            const list = this.byName.get(key);
            if (list === undefined) this.byName.set(key, [record]);
            else list.push(record);
        }
        this.records = records;
    }

    /**
     * The records named `fqdn` followed by one of `zones` again (`x._domainkey.example.com.example.com`, an FQDN
     * given to a provider that appends the zone), each zone's in turn as {@link named} finds them. A stack with no
     * zone-unknown record and no name that long pays no lookup and builds no name.
     */
    namedWithZoneAgain(fqdn: string, zones: readonly string[]): DnsRecord[] {
        const labels = labelCount(normalizeDnsName(fqdn));
        const found: DnsRecord[] = [];
        for (const z of zones) {
            if (this.relativeLabelCounts.size === 0 && !this.keyLabelCounts.has(labels + labelCount(normalizeDnsName(z)))) continue;
            found.push(...this.named(`${fqdn}.${z}`));
        }
        return found;
    }

    /**
     * The records whose (known) name can be `fqdn`: written fully qualified, relative to a known zone, or
     * relative with the zone unknown (then any leading part of `fqdn` may be the name). Shorter leading parts
     * first, each in stack order. Only the leading parts with as many labels as some zone-unknown record's name
     * are looked up, so a stack whose records all have known zones pays at most one lookup per name (none for a
     * name with more labels than any record's, such as the doubled-zone names ses-dkim-record-values tries).
     */
    named(fqdn: string): DnsRecord[] {
        const expected = normalizeDnsName(fqdn);
        // No DNS name is longer; a longer one (an invalid identity's) is in no zone, and is not walked label by label.
        if (expected.length > MAX_DNS_NAME_LENGTH) return [];
        const found: DnsRecord[] = [];
        // A record filed under a leading part of `fqdn` can be it only when its zone is unknown (a known zone files
        // it under its full name); every record filed under `fqdn` itself is it (see `dnsNameMatches`).
        if (this.relativeLabelCounts.size > 0) {
            let labels = 1;
            for (let end = expected.indexOf("."); end >= 0; end = expected.indexOf(".", end + 1), labels++) {
                if (!this.relativeLabelCounts.has(labels)) continue;
                for (const r of this.byName.get(expected.slice(0, end)) ?? []) if (r.zone === undefined) found.push(r);
            }
        }
        if (!this.keyLabelCounts.has(labelCount(expected))) return found;
        const exact = this.byName.get(expected);
        if (exact !== undefined) found.push(...exact);
        return found;
    }
}
