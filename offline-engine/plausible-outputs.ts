/**
 * What the mock engine answers for a resource's computed outputs and for data sources. In update mode
 * these are plausible, deterministic values (3 DKIM tokens per identity, ARNs, ids, v1 verification
 * tokens, DomainDkim tokens, Route 53 zone ids); in preview mode the same outputs are unknown, the way a
 * provider's preview leaves computed attributes unknown.
 */
import { createHash } from "node:crypto";
import { UNKNOWN, isObject } from "../state/wire";
import { SESV2_EMAIL_IDENTITY, SES_DOMAIN_IDENTITY, SES_DOMAIN_DKIM, SES_EMAIL_IDENTITY, SESV2_CONFIGURATION_SET } from "../state/resource-types";

/** The account id every plausible ARN carries. */
export const MOCK_ACCOUNT_ID = "123456789012";

/** Where a resource lives, for ARNs and region-specific values. */
export interface OutputContext {
    /** The resource's region: its own `region` input, else its provider's, else the stack's `aws:region`. */
    region: string;
}

function digest(text: string): Buffer {
    return createHash("sha256").update(text).digest();
}

/** `length` characters from `alphabet`, derived from `seed` alone. */
function derive(seed: string, alphabet: string, length: number): string {
    let out = "";
    let block = 0;
    while (out.length < length) {
        for (const byte of digest(`${seed}#${block++}`)) {
            out += alphabet[byte % alphabet.length];
            if (out.length === length) break;
        }
    }
    return out;
}

/** The three Easy DKIM tokens SES would issue for `identity` (32 characters of [a-z0-9] each). */
export function dkimTokensFor(identity: string): string[] {
    return [0, 1, 2].map((i) => derive(`dkim:${identity.toLowerCase()}:${i}`, "abcdefghijklmnopqrstuvwxyz0123456789", 32));
}

/** The SES v1 domain verification token for `domain`. */
export function verificationTokenFor(domain: string): string {
    return derive(`verify:${domain.toLowerCase()}`, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 43) + "=";
}

/** A Route 53 hosted zone id for `zoneName`. */
export function zoneIdFor(zoneName: string): string {
    return "Z" + derive(`zone:${zoneName.toLowerCase().replace(/\.$/, "")}`, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 20);
}

function str(value: unknown, fallback: string): string {
    return typeof value === "string" && value !== "" ? value : fallback;
}

function arn(ctx: OutputContext, service: string, resource: string): string {
    return `arn:aws:${service}:${ctx.region}:${MOCK_ACCOUNT_ID}:${resource}`;
}

/**
 * The computed outputs (only those not simply echoing inputs) a provider would return for a created
 * resource of `type` named `name` with plain (unwrapped) `inputs`.
 */
export function plausibleOutputs(type: string, name: string, inputs: Record<string, unknown>, ctx: OutputContext): Record<string, unknown> {
    const id = `${name}-${derive(`id:${type}:${name}`, "0123456789abcdef", 8)}`;
    switch (type) {
        case SESV2_EMAIL_IDENTITY: {
            const identity = str(inputs.emailIdentity, name);
            const isDomain = !identity.includes("@");
            const dkim = isObject(inputs.dkimSigningAttributes) ? inputs.dkimSigningAttributes : {};
            const byodkim = typeof dkim.domainSigningSelector === "string";
            return {
                id: identity,
                arn: arn(ctx, "ses", `identity/${identity}`),
                identityType: isDomain ? "DOMAIN" : "EMAIL_ADDRESS",
                verifiedForSendingStatus: true,
                dkimSigningAttributes: {
                    ...dkim,
                    tokens: !isDomain ? [] : byodkim ? [dkim.domainSigningSelector] : dkimTokensFor(identity),
                    currentSigningKeyLength: byodkim ? "" : "RSA_2048_BIT",
                    nextSigningKeyLength: byodkim ? "" : str(dkim.nextSigningKeyLength, "RSA_2048_BIT"),
                    signingAttributesOrigin: byodkim ? "EXTERNAL" : "AWS_SES",
                    status: "SUCCESS",
                    lastKeyGenerationTimestamp: "2026-01-01T00:00:00Z",
                },
                tagsAll: isObject(inputs.tags) ? inputs.tags : {},
            };
        }
        case SES_DOMAIN_IDENTITY: {
            const domain = str(inputs.domain, name);
            return { id: domain, arn: arn(ctx, "ses", `identity/${domain}`), verificationToken: verificationTokenFor(domain) };
        }
        case SES_DOMAIN_DKIM: {
            const domain = str(inputs.domain, name);
            return { id: domain, dkimTokens: dkimTokensFor(domain) };
        }
        case SES_EMAIL_IDENTITY: {
            const email = str(inputs.email, name);
            return { id: email, arn: arn(ctx, "ses", `identity/${email}`) };
        }
        case SESV2_CONFIGURATION_SET: {
            const setName = str(inputs.configurationSetName, name);
            return { id: setName, arn: arn(ctx, "ses", `configuration-set/${setName}`), tagsAll: isObject(inputs.tags) ? inputs.tags : {} };
        }
        case "aws:route53/zone:Zone": {
            const zoneName = str(inputs.name, name);
            const zoneId = zoneIdFor(zoneName);
            return {
                id: zoneId,
                zoneId,
                arn: `arn:aws:route53:::hostedzone/${zoneId}`,
                nameServers: [1, 2, 3, 4].map((i) => `ns-${i}.awsdns-${i}.net`),
                tagsAll: isObject(inputs.tags) ? inputs.tags : {},
            };
        }
        case "aws:route53/record:Record": {
            const recordName = str(inputs.name, name);
            return { id: `${str(inputs.zoneId, "Z")}_${recordName}_${str(inputs.type, "A")}`, fqdn: recordName.replace(/\.$/, "") };
        }
        default:
            if (type.startsWith("aws:")) {
                const service = type.slice(4, type.indexOf("/") > 0 ? type.indexOf("/") : undefined);
                return { id, arn: arn(ctx, service, `${name}`) };
            }
            return { id };
    }
}

/**
 * A resource's outputs as the engine holds them: its inputs, with the computed outputs filled in (update)
 * or unknown (preview). Inputs win over plausible values; nested objects (e.g. dkimSigningAttributes)
 * keep their input fields and gain computed ones.
 */
export function mergeOutputs(inputs: Record<string, unknown>, computed: Record<string, unknown>, preview: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = { ...inputs };
    for (const [key, value] of Object.entries(computed)) {
        const given = inputs[key];
        if (isObject(given) && isObject(value)) {
            const nested: Record<string, unknown> = { ...given };
            for (const [k, v] of Object.entries(value)) if (!(k in given)) nested[k] = preview ? UNKNOWN : v;
            out[key] = nested;
        } else if (!(key in inputs) || given === UNKNOWN) {
            out[key] = preview ? UNKNOWN : value;
        }
    }
    return out;
}
