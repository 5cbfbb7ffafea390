/**
 * Building blocks of the Pulumi programs the policy tests run under the mock runtime: real @pulumi/aws and
 * @pulumi/cloudflare resources, wired the ways users wire them (records from the identity's outputs,
 * relative or fully qualified names, components with intermediates).
 */
import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";

/** The i-th Easy DKIM token of a v2 identity (unknown during preview). */
export function v2Token(identity: aws.sesv2.EmailIdentity, i: number): pulumi.Output<string> {
    return identity.dkimSigningAttributes.apply((a) => a?.tokens?.[i] ?? "");
}

/** The i-th token of a v1 DomainDkim. */
export function v1Token(dkim: aws.ses.DomainDkim, i: number): pulumi.Output<string> {
    return dkim.dkimTokens.apply((t) => t[i] ?? "");
}

/** How DKIM records are written. */
export interface DkimRecordOptions {
    /** How many of the three records to declare (default 3). */
    count?: number;
    /** `fqdn` (default), `relative` to the zone, or `doubled` (FQDN plus the zone again). */
    nameStyle?: "fqdn" | "relative" | "doubled";
    /** The zone the records go in (default: the domain). */
    zone?: string;
    /** The CNAME target zone (default dkim.amazonses.com). */
    dkimDomain?: string;
    /** Record type (default CNAME). */
    type?: string;
    /** Resource options for each record (e.g. a parent). */
    opts?: pulumi.CustomResourceOptions;
}

/** The record name of `token` in the requested style. */
export function styledName(token: pulumi.Input<string>, domain: string, options: DkimRecordOptions): pulumi.Output<string> {
    const zone = options.zone ?? domain;
    const fqdn = pulumi.interpolate`${token}._domainkey.${domain}`;
    if (options.nameStyle === "relative") {
        return fqdn.apply((n) => (n.endsWith(`.${zone}`) ? n.slice(0, -(zone.length + 1)) : n));
    }
    if (options.nameStyle === "doubled") return pulumi.interpolate`${fqdn}.${zone}`;
    return fqdn;
}

/** Route 53 CNAMEs for the given tokens. */
export function route53DkimRecords(
    name: string,
    tokens: pulumi.Input<string>[],
    domain: string,
    zoneId: pulumi.Input<string>,
    options: DkimRecordOptions = {},
): aws.route53.Record[] {
    return tokens.slice(0, options.count ?? 3).map(
        (token, i) =>
            new aws.route53.Record(
                `${name}-${i}`,
                {
                    zoneId,
                    type: options.type ?? "CNAME",
                    ttl: 1800,
                    name: styledName(token, domain, options),
                    records: [pulumi.interpolate`${token}.${options.dkimDomain ?? "dkim.amazonses.com"}`],
                },
                options.opts,
            ),
    );
}

/** Cloudflare CNAMEs for the given tokens, with the new `DnsRecord` or the old `Record` resource. */
export function cloudflareDkimRecords(
    name: string,
    tokens: pulumi.Input<string>[],
    domain: string,
    zoneId: pulumi.Input<string>,
    options: DkimRecordOptions & { legacy?: boolean; proxied?: boolean } = {},
): pulumi.CustomResource[] {
    return tokens.slice(0, options.count ?? 3).map((token, i) => {
        const args = {
            zoneId,
            type: options.type ?? "CNAME",
            ttl: 1,
            proxied: options.proxied ?? false,
            name: styledName(token, domain, options),
            content: pulumi.interpolate`${token}.${options.dkimDomain ?? "dkim.amazonses.com"}`,
        };
        return options.legacy ? new cloudflare.Record(`${name}-${i}`, args, options.opts) : new cloudflare.DnsRecord(`${name}-${i}`, args, options.opts);
    });
}

/** A v2 domain identity with its three Easy DKIM CNAMEs in a Route 53 zone declared in the stack. */
export function v2DomainWithRoute53(
    domain: string,
    options: DkimRecordOptions & { identityArgs?: Partial<aws.sesv2.EmailIdentityArgs> } = {},
): aws.sesv2.EmailIdentity {
    const zone = new aws.route53.Zone("zone", { name: options.zone ?? domain });
    const identity = new aws.sesv2.EmailIdentity("identity", { emailIdentity: domain, ...options.identityArgs });
    route53DkimRecords(
        "dkim",
        [0, 1, 2].map((i) => v2Token(identity, i)),
        domain,
        zone.zoneId,
        options,
    );
    return identity;
}

/** A v2 domain identity with its three Easy DKIM CNAMEs in a Cloudflare zone declared in the stack. */
export function v2DomainWithCloudflare(domain: string, options: DkimRecordOptions & { legacy?: boolean; proxied?: boolean } = {}): aws.sesv2.EmailIdentity {
    const zone = new cloudflare.Zone("zone", { name: options.zone ?? domain, account: { id: "account" } });
    const identity = new aws.sesv2.EmailIdentity("identity", { emailIdentity: domain });
    cloudflareDkimRecords(
        "dkim",
        [0, 1, 2].map((i) => v2Token(identity, i)),
        domain,
        zone.id,
        options,
    );
    return identity;
}

/** A DMARC TXT record in Route 53. */
export function route53Dmarc(domain: string, zoneId: pulumi.Input<string>, value = "v=DMARC1; p=none"): aws.route53.Record {
    return new aws.route53.Record(`dmarc-${domain}`, { zoneId, type: "TXT", ttl: 3600, name: `_dmarc.${domain}`, records: [value] });
}
