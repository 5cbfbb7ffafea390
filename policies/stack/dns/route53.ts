/**
 * Route 53 records (`aws.route53.Record`): `name` (relative or fully qualified; the provider appends the zone
 * to a name outside it), `type`, `records` (a TXT value longer than 255 characters may be split as `a""b`),
 * `zoneId`, and the computed `fqdn`. Zones are `aws.route53.Zone` (`name`, computed `zoneId`, and `vpcs`, which
 * makes it a private hosted zone).
 *
 * A trailing dot does not make a Route 53 record name absolute: the provider drops it, then appends the zone
 * when the name does not already end with it (terraform-provider-aws `internal/service/route53/record.go`,
 * `expandRecordName`; the computed `fqdn` shows the result). So `"<token>._domainkey."` in zone example.com is
 * `<token>._domainkey.example.com`. The `fqdn`, once known, is the name as the provider wrote it.
 */
import { PolicyResource } from "@pulumi/policy";
import { normalizeDnsName } from "../../../records";
import { UNKNOWN, nonEmptyStringOf, plainProps, stringOf, stringsOf, valueOf } from "../values";
import { DnsProvider, DnsRecordRead, DnsZone, ZoneLookup, recordTypeName } from "./dns-record";

/** A record name as the Route 53 provider reads it: one trailing dot dropped, so the zone rule decides. */
function withoutTrailingDot(name: string): string {
    const n = name.trim();
    return n.endsWith(".") && n !== "." ? n.slice(0, -1) : n;
}

/** The properties that carry a record's name or value. */
const LINK_PROPERTIES: readonly string[] = ["name", "records"];

/** Route 53 as a {@link DnsProvider}. */
export const route53: DnsProvider = {
    name: "Route 53",
    recordTypes: new Set(["aws:route53/record:Record"]),
    zoneTypes: new Set(["aws:route53/zone:Zone"]),
    readZone(resource: PolicyResource): DnsZone {
        const props = plainProps(resource.props);
        const name = nonEmptyStringOf(props.name);
        const id = nonEmptyStringOf(props.zoneId);
        const vpcs = valueOf(props.vpcs);
        return {
            name: typeof name === "string" ? normalizeDnsName(name) : undefined,
            id: typeof id === "string" ? id : undefined,
            // A list of VPCs, even one whose entries are unknown in preview, makes the zone private.
            private: Array.isArray(vpcs) ? vpcs.length > 0 : vpcs === UNKNOWN,
        };
    },
    readRecord(resource: PolicyResource, zones: ZoneLookup): DnsRecordRead {
        const props = plainProps(resource.props);
        const type = stringOf(props.type);
        const name = nonEmptyStringOf(props.name);
        const fqdn = nonEmptyStringOf(props.fqdn);
        const zone = zones.zoneOf(resource, stringOf(props.zoneId), "zoneId");
        return {
            provider: "Route 53",
            name: typeof fqdn === "string" ? fqdn : typeof name === "string" ? withoutTrailingDot(name) : name,
            zone: zone?.name,
            privateZone: zone?.private === true,
            type: typeof type === "string" ? recordTypeName(type) : type,
            values: stringsOf(props.records),
            proxied: false,
            linkProperties: LINK_PROPERTIES,
        };
    },
};
