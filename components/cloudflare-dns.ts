/**
 * Publishing a component's records in a Cloudflare zone. @pulumi/cloudflare is an optional peer
 * dependency: it is loaded only when this adapter is created.
 */
import { createRequire } from "node:module";
import * as pulumi from "@pulumi/pulumi";
import { cloudflareRecordContent } from "../records";
import { ArgumentProblem } from "./argument-error";
import { DeclaredRecord, DnsAdapter, ttlInRange, zoneNameProblem } from "./dns-adapter";
import { applyTransform, Transform } from "./transform";

/** Cloudflare's "automatic" TTL. */
export const CLOUDFLARE_AUTOMATIC_TTL = 1;

/** The arguments of a `cloudflare.DnsRecord` this adapter sets (a subset of `cloudflare.DnsRecordArgs`). */
export interface CloudflareRecordArgs {
    zoneId: pulumi.Input<string>;
    name: pulumi.Input<string>;
    type: pulumi.Input<string>;
    content?: pulumi.Input<string>;
    priority?: pulumi.Input<number | undefined>;
    ttl: pulumi.Input<number>;
    proxied?: pulumi.Input<boolean>;
    comment?: pulumi.Input<string>;
    [other: string]: unknown;
}

/** Where and how to write the records in Cloudflare. */
export interface CloudflareDnsOptions {
    /** The Cloudflare zone's id. */
    zoneId: pulumi.Input<string>;
    /** The zone's domain, to check at construction that it can hold the identity's records. @default not checked */
    zoneName?: string;
    /** TTL of every record, in seconds (60-86400), or 1 for automatic. @default 1 */
    ttl?: number;
    /** The cloudflare provider to use. @default the cloudflare provider the component's children inherit */
    provider?: pulumi.ProviderResource;
    /** Adjust each `cloudflare.DnsRecord`'s arguments or options. */
    transform?: Transform<CloudflareRecordArgs>;
}

/** The constructor this adapter uses from @pulumi/cloudflare. */
type DnsRecordConstructor = new (name: string, args: CloudflareRecordArgs, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/**
 * Loads `cloudflare.DnsRecord` from @pulumi/cloudflare as seen from `from` (a file path); throws a clear
 * error saying how to install it when it is missing.
 */
export function loadCloudflareDnsRecord(from: string = __filename): DnsRecordConstructor {
    let cloudflare: { DnsRecord?: DnsRecordConstructor };
    try {
        cloudflare = createRequire(from)("@pulumi/cloudflare") as { DnsRecord?: DnsRecordConstructor };
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw err;
        throw new Error(
            "ses-guard: the Cloudflare DNS adapter needs @pulumi/cloudflare (an optional peer dependency), which is not installed. " +
                "Run `npm install @pulumi/cloudflare@^6`, or publish the records another way (dns: route53Dns(...) or dns: false).",
        );
    }
    if (typeof cloudflare.DnsRecord !== "function") {
        throw new Error("ses-guard: the installed @pulumi/cloudflare has no DnsRecord resource; install @pulumi/cloudflare@^6.");
    }
    return cloudflare.DnsRecord;
}

/** A DNS adapter that writes the records into a Cloudflare zone (as `cloudflare.DnsRecord`, DNS only, not proxied). */
export function cloudflareDns(options: CloudflareDnsOptions): DnsAdapter {
    const DnsRecord = loadCloudflareDnsRecord();
    return {
        service: "Cloudflare",
        problem: (domain) => cloudflareProblem(options, domain),
        declareRecords(name, records, parent) {
            return records.map((r) => declareRecord(DnsRecord, options, `${name}-${r.suffix}`, r, parent));
        },
    };
}

function declareRecord(
    DnsRecord: DnsRecordConstructor,
    options: CloudflareDnsOptions,
    resourceName: string,
    declared: DeclaredRecord,
    parent: pulumi.Resource,
): pulumi.CustomResource {
    const content = declared.record.apply(cloudflareRecordContent);
    const recordArgs: CloudflareRecordArgs = {
        zoneId: options.zoneId,
        name: declared.record.name,
        type: declared.type,
        content: content.content,
        ttl: options.ttl ?? CLOUDFLARE_AUTOMATIC_TTL,
        proxied: false,
        comment: `ses-guard: ${declared.purpose}`,
    };
    if (declared.type === "MX") recordArgs.priority = content.apply((c) => c.priority);
    const opts: pulumi.CustomResourceOptions = { parent, provider: options.provider };
    const [args, finalOpts] = applyTransform(options.transform, resourceName, recordArgs, opts);
    return new DnsRecord(resourceName, args, finalOpts);
}

function cloudflareProblem(options: CloudflareDnsOptions, domain: string): ArgumentProblem | undefined {
    if (options.zoneId === undefined || options.zoneId === "") {
        return { field: "zoneId", value: options.zoneId, problem: "is missing", fix: "Give the Cloudflare zone's id (Overview page of the zone)." };
    }
    if (options.zoneName !== undefined) {
        const bad = zoneNameProblem(options.zoneName, domain);
        if (bad !== undefined) return bad;
    }
    if (options.ttl !== undefined && options.ttl !== CLOUDFLARE_AUTOMATIC_TTL && !ttlInRange(options.ttl, 60, 86400)) {
        return { field: "ttl", value: options.ttl, problem: "is not 1 (automatic) or 60-86400 seconds", fix: "Give 1 or a TTL such as 300." };
    }
    return undefined;
}
