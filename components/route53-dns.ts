/**
 * Publishing a component's records in a Route 53 hosted zone, found by id or by name.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { asciiIdentityName, route53RecordValue } from "../records";
import { ArgumentProblem } from "./argument-error";
import { DeclaredRecord, DnsAdapter, ttlInRange, zoneNameProblem } from "./dns-adapter";
import { applyTransform, Transform } from "./transform";

/** The TTL of every record when none is given: 30 minutes, as aws-cdk-lib uses. */
export const ROUTE53_DEFAULT_TTL = 1800;

/** Where and how to write the records in Route 53. Give `zoneId` or `zoneName`, not both. */
export interface Route53DnsOptions {
    /** The hosted zone's id, e.g. `Z0123456789ABCDEFGHIJ` or `zone.zoneId`. */
    zoneId?: pulumi.Input<string>;
    /**
     * The hosted zone's name, looked up with `aws.route53.getZone`: the identity's domain or any parent of it
     * (`example.com` for `mail.example.com`); a Unicode name is looked up in its ASCII (punycode) form.
     */
    zoneName?: string;
    /**
     * Only `false`, the public hosted zone: SES looks verification records up in public DNS, so records in a
     * private hosted zone (one served only inside its VPCs) never verify; `true` is refused. With a split-horizon
     * domain the name lookup finds its public zone. @default false
     */
    privateZone?: false;
    /** TTL of every record, in seconds. @default 1800 */
    ttl?: number;
    /**
     * The aws provider of the zone's account, when the zone lives in another account than SES.
     * @default the aws provider the component's children inherit
     */
    provider?: pulumi.ProviderResource;
    /** Take over existing records with the same name and type (useful when adopting an identity). @default false */
    allowOverwrite?: boolean;
    /** Adjust each `aws.route53.Record`'s arguments or options. */
    transform?: Transform<aws.route53.RecordArgs>;
}

/** A DNS adapter that writes the records into a Route 53 hosted zone, by zone id or zone name lookup. */
export function route53Dns(options: Route53DnsOptions): DnsAdapter {
    return {
        service: "Route 53",
        problem: (domain) => route53Problem(options, domain),
        declareRecords(name, records, parent) {
            const zoneId = options.zoneId ?? lookupZoneId(options, parent);
            return records.map((r) => declareRecord(options, zoneId, `${name}-${r.suffix}`, r, parent));
        },
    };
}

function lookupZoneId(options: Route53DnsOptions, parent: pulumi.Resource): pulumi.Output<string> {
    // Route 53 names a zone of an internationalized domain in its ASCII (punycode) form.
    const name = options.zoneName === undefined ? undefined : asciiIdentityName(options.zoneName);
    const zone = aws.route53.getZoneOutput({ name, privateZone: false }, { parent, provider: options.provider });
    return zone.zoneId;
}

function declareRecord(
    options: Route53DnsOptions,
    zoneId: pulumi.Input<string>,
    resourceName: string,
    declared: DeclaredRecord,
    parent: pulumi.Resource,
): aws.route53.Record {
    const recordArgs: aws.route53.RecordArgs = {
        zoneId,
        name: declared.record.name,
        type: declared.type,
        ttl: options.ttl ?? ROUTE53_DEFAULT_TTL,
        records: [declared.record.apply(route53RecordValue)],
        allowOverwrite: options.allowOverwrite,
    };
    const opts: pulumi.CustomResourceOptions = { parent, provider: options.provider };
    const [args, finalOpts] = applyTransform(options.transform, resourceName, recordArgs, opts);
    return new aws.route53.Record(resourceName, args, finalOpts);
}

function route53Problem(options: Route53DnsOptions, domain: string): ArgumentProblem | undefined {
    if (options.zoneId !== undefined && options.zoneName !== undefined) {
        return { field: "zoneId", problem: "and zoneName are both given", fix: "Give the zone's id or its name, not both." };
    }
    if (options.zoneId === undefined && options.zoneName === undefined) {
        return { field: "zoneId", problem: "is missing (and so is zoneName)", fix: "Give the hosted zone's id, or its name to look it up." };
    }
    if (typeof options.zoneId === "string" && !/^(\/hostedzone\/)?[A-Z0-9]{1,32}$/.test(options.zoneId)) {
        return {
            field: "zoneId",
            value: options.zoneId,
            problem: "is not a Route 53 hosted zone id",
            fix: options.zoneId.includes(".") ? "It looks like a zone name: pass it as zoneName." : 'Give an id such as "Z0123456789ABCDEFGHIJ".',
        };
    }
    // Typed `false` only; a JavaScript program can still pass true.
    if ((options.privateZone as boolean | undefined) === true) {
        return {
            field: "privateZone",
            value: true,
            problem: "asks for a private hosted zone, where SES never finds verification records (it looks them up in public DNS)",
            fix: "Leave privateZone out to write the records into the domain's public hosted zone.",
        };
    }
    if (options.zoneName !== undefined) {
        const bad = zoneNameProblem(options.zoneName, domain);
        if (bad !== undefined) return bad;
    }
    if (options.ttl !== undefined && !ttlInRange(options.ttl, 0, 2147483647)) {
        return { field: "ttl", value: options.ttl, problem: "is not a whole number of seconds", fix: "Give a TTL such as 1800." };
    }
    return undefined;
}
