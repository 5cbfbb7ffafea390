/**
 * What each policy tells a user beyond its verdicts: a short title, the steps that fix a violation, the README
 * section that documents it, its severity and, where one applies, the control of another scanner it matches. The
 * pack serves them in GetAnalyzerInfo (@pulumi/policy 1.18+: `displayName`, `remediationSteps`, `url`, `severity`,
 * `framework`), where the Pulumi CLI and Pulumi Cloud show them and `ses-guard preview --sarif` makes its rules of
 * them; the pack's own title, readme and tags are here too.
 */

/** A policy's documentation fields, as @pulumi/policy's Policy declares them. */
export interface PolicyDocs {
    /** A title of a few words. */
    displayName: string;
    /** What to change so that the policy passes. */
    remediationSteps: string;
    /** Its section of the README, on the package's page. */
    url: string;
    /** How bad a violation is: what stops sending or lets others send as you is high. */
    severity: "low" | "medium" | "high" | "critical";
    /** The control of another scanner the policy matches, where one does (`version` empty: any version of it). */
    framework?: { name: string; version: string; reference: string; specification: string };
    /** Other scanners' controls the policy also matches, as `scanner:control`. */
    tags?: string[];
}

/** The README as the package's registry page shows it; each policy's section is an anchor there. */
export const README_URL = "https://www.npmjs.com/package/ses-guard";

/** The README anchor of a policy's section: its heading is the policy's name, so the anchor is the name. */
export function policyDocsUrl(policyName: string): string {
    return `${README_URL}#${policyName}`;
}

/** Each ses-guard policy's documentation, by policy name. */
export const POLICY_DOCS: Readonly<Record<string, Omit<PolicyDocs, "url">>> = {
    "ses-domain-identity-verified": {
        severity: "high",
        displayName: "Domain identities have their verification records",
        remediationSteps:
            "Declare the DNS records that verify the domain in the same stack: for SES v2 Easy DKIM, the three CNAMEs <token>._domainkey.<domain> -> <token>.<DKIM domain of the region> from dkimSigningAttributes.tokens; for BYODKIM, the TXT <selector>._domainkey.<domain> = p=<public key>; for SES v1, the _amazonses.<domain> TXT or the DomainDkim CNAMEs. ses-guard's VerifiedDomain component declares them for you. If the domain is verified outside this stack, list it in externallyVerifiedDomains.",
    },
    "ses-email-identity-verifiable": {
        severity: "low",
        displayName: "Email identities can be verified without a click",
        remediationSteps:
            "Declare the address's domain (or a parent domain) as a domain identity of the stack in the same region, with its records, so the address is verified with it; or list the address in verifiedAddresses once someone has clicked SES's verification link.",
    },
    "ses-identity-unique": {
        severity: "high",
        displayName: "Each identity is declared once per region",
        remediationSteps:
            "Keep one resource for each domain or address in each region and delete the other (in SES v1, deleting either resource deletes the identity for both); reference the kept resource where the other was used.",
    },
    "ses-identity-configuration-set": {
        severity: "medium",
        displayName: "SES v2 identities name a default configuration set",
        remediationSteps:
            "Set configurationSetName on the aws.sesv2.EmailIdentity (one of allowedConfigurationSets when that is configured), or run the policy at level remediate with defaultConfigurationSet to fill it in.",
    },
    "ses-identity-sesv2-recommended": {
        severity: "low",
        displayName: "Identities use SES v2",
        remediationSteps:
            "Replace aws.ses.DomainIdentity or aws.ses.EmailIdentity with aws.sesv2.EmailIdentity (import the existing identity with `pulumi import` to keep it), or list it in exemptIdentities.",
    },
    "ses-identity-configuration-set-declared": {
        severity: "medium",
        displayName: "An identity's configuration set matches its declaration",
        remediationSteps:
            "Give the identity the configuration set's exact name (names are case-sensitive) and declare both in the same region, through the same provider or region input.",
    },
    "ses-mail-from-records": {
        severity: "high",
        displayName: "MAIL FROM domains have their MX and SPF records",
        remediationSteps:
            "Use a subdomain of the identity as its MAIL FROM domain (such as bounce.<identity>). At it, declare an MX record `10 feedback-smtp.<region>.amazonses.com` for the identity's region and one SPF TXT record such as `v=spf1 include:amazonses.com ~all`, with valid terms and at most 10 DNS lookups; if those records live outside the stack, list the domain in externallyManagedDomains.",
    },
    "ses-dkim-record-values": {
        severity: "high",
        displayName: "DKIM records carry the right values",
        remediationSteps:
            "Make each DKIM record a CNAME (not proxied by Cloudflare) from <token>._domainkey.<domain> to <same token>.<DKIM domain of the identity's region>, with a name relative to its zone or fully qualified, not both, and a value (a Route 53 record's records, a Cloudflare record's content); for BYODKIM, publish p=<public key of domainSigningPrivateKey> and give SES the private key as bare base64, without the PEM armour.",
    },
    "ses-dkim-key-length": {
        severity: "low",
        displayName: "DKIM keys are 2048 bits",
        remediationSteps:
            "For Easy DKIM, set dkimSigningAttributes.nextSigningKeyLength to RSA_2048_BIT; for BYODKIM, generate a 2048-bit RSA key (such as a tls.PrivateKey with rsaBits 2048), give SES its private key and publish its public key at the selector.",
    },
    "ses-identity-policy-not-public": {
        severity: "high",
        framework: {
            name: "Prowler",
            version: "",
            reference: "ses_identity_not_publicly_accessible",
            specification: "SES identity resource policy does not allow public access",
        },
        displayName: "Identity policies do not let everyone send",
        remediationSteps:
            'Name the principals that may send (account ids or role ARNs) instead of "*", add a Condition that pins the caller with a concrete value and no policy variable (such as StringEquals aws:SourceAccount or aws:PrincipalOrgID), or add a Deny statement that refuses every caller outside your account.',
    },
    "ses-configuration-set-tls-required": {
        severity: "medium",
        framework: { name: "Checkov", version: "", reference: "CKV_AWS_365", specification: "Ensure SES Configuration Set enforces TLS usage" },
        tags: ["aws-config:ses-sending-tls-required"],
        displayName: "Configuration sets require TLS",
        remediationSteps:
            "Set deliveryOptions.tlsPolicy to REQUIRE (aws.sesv2.ConfigurationSet) or Require (aws.ses.ConfigurationSet), or list the configuration set in exemptConfigurationSets.",
    },
    "ses-domain-dmarc": {
        severity: "medium",
        displayName: "Domain identities have a DMARC record",
        remediationSteps:
            "Declare one TXT record at _dmarc.<domain> (or at its organizational domain) whose value starts with v=DMARC1 and has p= none, quarantine or reject and only the tags RFC 7489 defines, such as `v=DMARC1; p=none; rua=mailto:dmarc@<domain>`, then tighten p= once reports look right; if it lives outside the stack, list the domain in externallyManagedDomains.",
    },
    "ses-global-endpoint-identities": {
        severity: "high",
        displayName: "Global endpoint identities exist in both regions",
        remediationSteps:
            'Declare each identity that sends through the global endpoint in both of its regions (the endpoint\'s own region and its secondary region), each with its own verification records; with ses-guard, one VerifiedDomain per region (region: "<region>"). If the identity is verified in the other region outside this stack, list it in externallyVerifiedIdentities.',
    },
    "ses-tenant-associations": {
        severity: "high",
        displayName: "Tenant associations reach verified resources of their region",
        remediationSteps:
            "Declare each tenant association in the region of its tenant and of the resource it associates; pass the identity's arn output as resourceArn (identity.arn, or a VerifiedDomain's identityArn) so that Pulumi deletes the association before the identity; declare the associated identity in this stack with its verification records, or list it in externallyVerifiedIdentities when it is verified elsewhere.",
    },
    "ses-resource-region-valid": {
        severity: "high",
        displayName: "SES resources name a real region",
        remediationSteps:
            "Give the resource's region input an AWS region name such as eu-west-1 (one where SES is offered), or leave region out so that the resource takes its provider's region; give an explicit aws.Provider such a region name too.",
    },
};

/** The documentation of the policy named `policyName`, or undefined for a policy that is not ses-guard's. */
export function policyDocs(policyName: string): PolicyDocs | undefined {
    const docs = POLICY_DOCS[policyName];
    return docs === undefined ? undefined : { ...docs, url: policyDocsUrl(policyName) };
}

/** The name the pack is served under. */
export const POLICY_PACK_NAME = "ses-guard";

/** The pack's title and tags, as Pulumi Cloud lists packs. */
export const PACK_DOCS = {
    displayName: "ses-guard: Amazon SES identities verified as code",
    tags: ["aws", "ses", "email", "dns", "dkim", "dmarc", "spf"],
} as const;

/** The pack's readme (Markdown) for the policies `policies`: what it checks, a line per policy, and where to read more. */
export function packReadme(policies: readonly { name: string; enforcementLevel?: string }[]): string {
    const rows = policies.map((p) => {
        const docs = policyDocs(p.name);
        return `| [\`${p.name}\`](${docs?.url ?? README_URL}) | ${p.enforcementLevel ?? "advisory"} | ${docs?.severity ?? ""} | ${docs?.displayName ?? ""} |`;
    });
    return [
        "# ses-guard",
        "",
        "Rejects stacks whose Amazon SES identities lack the DNS records that verify them, a default configuration set, or safe settings; right in preview, when most values are unknown.",
        "",
        "| policy | level | severity | checks that |",
        "|---|---|---|---|",
        ...rows,
        "",
        `Each policy's section of the [README](${README_URL}) says what it checks and how to fix a violation.`,
        "",
    ].join("\n");
}
