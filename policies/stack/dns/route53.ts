/**
 * Route 53 records (`aws.route53.Record`): `name` (relative or fully qualified; the provider appends the zone
 * to a name outside it), `type`, `records` (a TXT value longer than 255 characters may be split as `a""b`),
 * `zoneId`, and the computed `fqdn`. Zones are `aws.route53.Zone` (`name`, computed `zoneId`).
 */
import { PolicyResource } from "@pulumi/policy";
import { normalizeDnsName } from "../../../records";
import { nonEmptyStringAt, plainProps, stringAt, stringsAt } from "../values";
import { DnsProvider, DnsRecord, DnsZone, ZoneLookup } from "./dns-record";

/** Route 53 as a {@link DnsProvider}. */
export const route53: DnsProvider = {
    name: "Route 53",
    recordTypes: new Set(["aws:route53/record:Record"]),
    zoneTypes: new Set(["aws:route53/zone:Zone"]),
    readZone(resource: PolicyResource): DnsZone {
        const props = plainProps(resource.props);
        const name = nonEmptyStringAt(props, "name");
        const id = nonEmptyStringAt(props, "zoneId");
        return {
            name: typeof name === "string" ? normalizeDnsName(name) : undefined,
            id: typeof id === "string" ? id : undefined,
        };
    },
    readRecord(resource: PolicyResource, zones: ZoneLookup): DnsRecord {
        const props = plainProps(resource.props);
        const type = stringAt(props, "type");
        const name = nonEmptyStringAt(props, "name");
        const fqdn = nonEmptyStringAt(props, "fqdn");
        return {
            resource,
            provider: "Route 53",
            name: name === undefined ? fqdn : name,
            zone: zones.zoneOf(resource, stringAt(props, "zoneId"), "zoneId"),
            type: typeof type === "string" ? type.toUpperCase() : type,
            values: stringsAt(props, "records"),
            proxied: false,
            nameProperties: ["name"],
            valueProperties: ["records"],
        };
    },
};
