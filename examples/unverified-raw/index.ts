/**
 * What ses-guard exists to catch, written with raw @pulumi/aws resources: a domain identity whose DKIM
 * CNAMEs are never published, a custom MAIL FROM domain without its MX and SPF records, and a DKIM record
 * pointing at the wrong region's DKIM domain. `pulumi preview --policy-pack <ses-guard>` fails on it.
 */
import * as aws from "@pulumi/aws";

const zone = new aws.route53.Zone("zone", { name: "example.org" });

// Easy DKIM tokens are issued, but no CNAME is ever published for them.
const identity = new aws.sesv2.EmailIdentity("example-org", { emailIdentity: "example.org" });

// A custom MAIL FROM domain with neither its MX nor its SPF record.
new aws.sesv2.EmailIdentityMailFromAttributes("example-org-mail-from", {
    emailIdentity: identity.emailIdentity,
    mailFromDomain: "bounce.example.org",
});

// A second domain whose one DKIM CNAME points at the DKIM domain of another region.
const shop = new aws.sesv2.EmailIdentity("shop", { emailIdentity: "shop.example.org" });
new aws.route53.Record("shop-dkim-1", {
    zoneId: zone.zoneId,
    name: shop.dkimSigningAttributes.apply((a) => `${a.tokens?.[0]}._domainkey.shop.example.org`),
    type: "CNAME",
    ttl: 1800,
    records: [shop.dkimSigningAttributes.apply((a) => `${a.tokens?.[0]}.dkim.eu-south-1.amazonses.com`)],
});

export const identityArn = identity.arn;
