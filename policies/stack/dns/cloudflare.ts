/**
 * Cloudflare records: `cloudflare.DnsRecord` (`cloudflare:index/dnsRecord:DnsRecord`) and the older
 * `cloudflare.Record` (`cloudflare:index/record:Record`), with `name` (`@`, relative or fully qualified),
 * `type`, `content` (older providers: `value`), `priority` (MX), `proxied` and `zoneId`. Zones are
 * `cloudflare.Zone` (`name`; older providers: `zone`), whose id is not among its properties, so a record's zone
 * is found through the dependency of its `zoneId`.
 */
import { PolicyResource } from "@pulumi/policy";
import { normalizeDnsName } from "../../../records";
import { Read, UNKNOWN, Unknown, booleanAt, nonEmptyStringAt, numberAt, plainProps, stringAt } from "../values";
import { DnsProvider, DnsRecordRead, DnsZone, ZoneLookup, recordTypeName } from "./dns-record";

/** The record value as DNS serves it: MX carries its priority in front of the host. */
function recordValues(props: Record<string, unknown>, type: Read<string>): Read<(string | Unknown)[]> {
    const content = stringAt(props, "content");
    const value = content === undefined ? stringAt(props, "value") : content;
    if (value === undefined) return undefined;
    if (type !== "MX") return [value];
    const priority = numberAt(props, "priority");
    if (value === UNKNOWN || priority === UNKNOWN) return [UNKNOWN];
    if (/^\s*\d+\s+\S/.test(value)) return [value];
    return [`${priority ?? 0} ${value}`];
}

/** The properties that carry a record's name or value. */
const LINK_PROPERTIES: readonly string[] = ["name", "content", "value", "priority", "data"];

/** Cloudflare as a {@link DnsProvider}. */
export const cloudflare: DnsProvider = {
    name: "Cloudflare",
    recordTypes: new Set(["cloudflare:index/dnsRecord:DnsRecord", "cloudflare:index/record:Record"]),
    zoneTypes: new Set(["cloudflare:index/zone:Zone"]),
    readZone(resource: PolicyResource): DnsZone {
        const props = plainProps(resource.props);
        const name = nonEmptyStringAt(props, "name");
        const legacy = nonEmptyStringAt(props, "zone");
        const known = typeof name === "string" ? name : typeof legacy === "string" ? legacy : undefined;
        return { name: known === undefined ? undefined : normalizeDnsName(known), id: undefined, private: false };
    },
    readRecord(resource: PolicyResource, zones: ZoneLookup): DnsRecordRead {
        const props = plainProps(resource.props);
        const rawType = stringAt(props, "type");
        const type = typeof rawType === "string" ? recordTypeName(rawType) : rawType;
        const proxied = booleanAt(props, "proxied");
        return {
            provider: "Cloudflare",
            name: nonEmptyStringAt(props, "name"),
            zone: zones.zoneOf(resource, stringAt(props, "zoneId"), "zoneId")?.name,
            privateZone: false,
            type,
            values: recordValues(props, type),
            proxied: proxied === undefined ? false : proxied,
            linkProperties: LINK_PROPERTIES,
        };
    },
};
