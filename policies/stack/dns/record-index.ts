/**
 * Every DNS record of a stack, read through its provider module and indexed by normalized name, so finding
 * the records that can be `x._domainkey.example.com` costs one lookup per label of that name, not a scan.
 */
import { PolicyResource } from "@pulumi/policy";
import { dnsNameMatches, normalizeDnsName } from "../../../records";
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

/** The DNS records of a stack, with lookups by name. */
export class DnsRecordIndex {
    /** Every record, in stack order. */
    readonly records: readonly DnsRecord[];
    private readonly byName = new Map<string, DnsRecord[]>();

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
            const list = this.byName.get(key);
            if (list === undefined) this.byName.set(key, [record]);
            else list.push(record);
        }
        this.records = records;
    }

    /**
     * The records whose (known) name can be `fqdn`: written fully qualified, relative to a known zone, or
     * relative with the zone unknown (then any leading part of `fqdn` may be the name).
     */
    named(fqdn: string): DnsRecord[] {
        const expected = normalizeDnsName(fqdn);
        // No DNS name is longer; a longer one (an invalid identity's) is in no zone, and is not walked label by label.
        if (expected.length > MAX_DNS_NAME_LENGTH) return [];
        const found: DnsRecord[] = [];
        for (let end = expected.indexOf("."); ; end = expected.indexOf(".", end + 1)) {
            const list = this.byName.get(end < 0 ? expected : expected.slice(0, end));
            if (list !== undefined) for (const r of list) if (isKnown(r.name) && dnsNameMatches(r.name, expected, r.zone)) found.push(r);
            if (end < 0) return found;
        }
    }
}
