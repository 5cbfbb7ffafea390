/**
 * A `pulumi stack export` (version 3) of a deployed stack with SES identities, shaped like the CLI writes
 * it: a default AWS provider in eu-west-1, a v2 identity with a configuration set and MAIL FROM, a v2
 * identity pinned to us-east-1 by its own `region` input, a v1 domain identity, a v1 email identity, an
 * identity pending deletion and an unrelated bucket.
 */
const STACK = "urn:pulumi:prod::mail::pulumi:pulumi:Stack::mail-prod";
const PROVIDER = "urn:pulumi:prod::mail::pulumi:providers:aws::default_7_48_0";
const PROVIDER_REF = `${PROVIDER}::04da6b54-80e4-46f7-96ec-b56ff0331ba9`;

const urn = (type: string, name: string) => `urn:pulumi:prod::mail::${type}::${name}`;

/** The sample export as parsed JSON. */
export function sampleStackExport(): unknown {
    return {
        version: 3,
        deployment: {
            manifest: { time: "2026-11-21T10:00:00Z", magic: "x", version: "v3.204.0" },
            resources: [
                { urn: STACK, custom: false, type: "pulumi:pulumi:Stack" },
                {
                    urn: PROVIDER,
                    custom: true,
                    id: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
                    type: "pulumi:providers:aws",
                    inputs: { region: "eu-west-1", version: "7.48.0" },
                    outputs: { region: "eu-west-1" },
                },
                {
                    urn: urn("aws:sesv2/emailIdentity:EmailIdentity", "main"),
                    custom: true,
                    id: "example.com",
                    type: "aws:sesv2/emailIdentity:EmailIdentity",
                    inputs: { emailIdentity: "example.com", configurationSetName: "transactional" },
                    outputs: { emailIdentity: "example.com", configurationSetName: "transactional", dkimSigningAttributes: { tokens: ["a", "b", "c"] } },
                    parent: STACK,
                    provider: PROVIDER_REF,
                },
                {
                    urn: urn("aws:sesv2/emailIdentityMailFromAttributes:EmailIdentityMailFromAttributes", "main-mail-from"),
                    custom: true,
                    id: "example.com",
                    type: "aws:sesv2/emailIdentityMailFromAttributes:EmailIdentityMailFromAttributes",
                    inputs: { emailIdentity: "example.com", mailFromDomain: "mail.example.com" },
                    outputs: { emailIdentity: "example.com", mailFromDomain: "mail.example.com" },
                    parent: STACK,
                    provider: PROVIDER_REF,
                },
                {
                    urn: urn("aws:sesv2/emailIdentity:EmailIdentity", "us"),
                    custom: true,
                    id: "us.example.com",
                    type: "aws:sesv2/emailIdentity:EmailIdentity",
                    inputs: { emailIdentity: "us.example.com", region: "us-east-1" },
                    outputs: { emailIdentity: "us.example.com", region: "us-east-1" },
                    parent: STACK,
                    provider: PROVIDER_REF,
                },
                {
                    urn: urn("aws:ses/domainIdentity:DomainIdentity", "legacy"),
                    custom: true,
                    id: "legacy.example.com",
                    type: "aws:ses/domainIdentity:DomainIdentity",
                    inputs: { domain: "legacy.example.com" },
                    outputs: { domain: "legacy.example.com", verificationToken: "tok" },
                    parent: STACK,
                    provider: PROVIDER_REF,
                },
                {
                    urn: urn("aws:ses/emailIdentity:EmailIdentity", "ops"),
                    custom: true,
                    id: "ops@example.com",
                    type: "aws:ses/emailIdentity:EmailIdentity",
                    inputs: { email: "ops@example.com" },
                    outputs: { email: "ops@example.com" },
                    parent: STACK,
                    provider: PROVIDER_REF,
                },
                {
                    urn: urn("aws:sesv2/emailIdentity:EmailIdentity", "old"),
                    custom: true,
                    delete: true,
                    id: "old.example.com",
                    type: "aws:sesv2/emailIdentity:EmailIdentity",
                    inputs: { emailIdentity: "old.example.com" },
                    outputs: { emailIdentity: "old.example.com" },
                    provider: PROVIDER_REF,
                },
                {
                    urn: urn("aws:s3/bucket:Bucket", "logs"),
                    custom: true,
                    id: "logs",
                    type: "aws:s3/bucket:Bucket",
                    inputs: {},
                    outputs: { bucket: "logs" },
                    provider: PROVIDER_REF,
                },
            ],
        },
    };
}
