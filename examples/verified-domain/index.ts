/**
 * A complete Pulumi program: the domain example.com verified in SES through its Route 53 zone (Easy DKIM
 * CNAMEs, a custom MAIL FROM with MX and SPF, DMARC), a default configuration set with safe defaults, and
 * noreply@ under it. `pulumi up`, then `ses-guard verify` reads `sesIdentities` from the stack outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { route53Dns, VerifiedDomain, VerifiedEmailAddress } from "ses-guard";

const config = new pulumi.Config();
const domainName = config.get("domain") ?? "example.com";

const domain = new VerifiedDomain("mail", {
    domain: domainName,
    dns: route53Dns({ zoneName: config.get("zoneName") ?? domainName }),
    mailFrom: { domain: `bounce.${domainName}` },
    dmarc: { policy: "none", reportAddress: `dmarc-reports@${domainName}` },
    tags: { app: "mail" },
});

const noreply = new VerifiedEmailAddress("noreply", {
    address: `noreply@${domainName}`,
    verifiedDomain: domain,
    configurationSet: domain.configurationSetName,
});

/** What `ses-guard verify` checks after `pulumi up`. */
export const sesIdentities = [domain.checkTarget, noreply.checkTarget];
/** The records the zone now holds, for reference. */
export const dnsRecords = domain.records;
