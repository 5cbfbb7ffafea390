/**
 * The arguments of {@link VerifiedDomain} and their validation: a pure function, run before the
 * component creates anything.
 */
import { createPublicKey } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    asciiDomainName,
    asciiIdentityName,
    dkimPublicKeyFromPrivateKey,
    DmarcOptions,
    domainNameProblem,
    emailAddressProblem,
    isStrictSubdomain,
    parseRsaPrivateKey,
    withAsciiForm,
} from "../records";
import { ArgumentProblem, asciiFormOf } from "./argument-error";
import { ConfigurationSetChoice, configurationSetProblem } from "./configuration-set";
import { DnsChoice } from "./dns-adapter";
import { regionProblem } from "./region";
import { Transform } from "./transform";
import { WaitForVerification, waitForVerificationProblem } from "./verification-waiter";

/** Easy DKIM: SES makes and rotates the key and issues 3 tokens, each published as a CNAME. */
export interface EasyDkimOptions {
    /** The length of the key SES generates next. @default "RSA_2048_BIT" */
    keyLength?: "RSA_1024_BIT" | "RSA_2048_BIT";
}

/** Bring Your Own DKIM: your key, published as a TXT record `<selector>._domainkey.<domain>`. */
export interface ByoDkimOptions {
    /** The selector, a DNS label such as `ses2024`. */
    selector: string;
    /**
     * The RSA private key (1024 or 2048 bits), PEM or base64 DER. Pass a secret
     * (`config.requireSecret("dkimPrivateKey")`); a plain string is made secret.
     */
    privateKey: pulumi.Input<string>;
    /** The public key as base64 DER (what `p=` carries). @default derived from `privateKey` */
    publicKey?: string;
}

/** A custom MAIL FROM domain: bounces and SPF alignment under your own subdomain. */
export interface MailFromOptions {
    /** The MAIL FROM domain, a subdomain of the identity such as `bounce.example.com` (a Unicode one in its ASCII form). */
    domain: string;
    /** What SES does when the MX record is missing. @default "USE_DEFAULT_VALUE" (fall back to amazonses.com) */
    behaviorOnMxFailure?: "USE_DEFAULT_VALUE" | "REJECT_MESSAGE";
}

/** Hooks that adjust each SES child resource's arguments or options (DNS records: the adapter's `transform`). */
export interface VerifiedDomainTransforms {
    /** The `aws.sesv2.EmailIdentity`. */
    identity?: Transform<aws.sesv2.EmailIdentityArgs>;
    /** The created `aws.sesv2.ConfigurationSet`. */
    configurationSet?: Transform<aws.sesv2.ConfigurationSetArgs>;
    /** The `aws.sesv2.EmailIdentityMailFromAttributes`. */
    mailFrom?: Transform<aws.sesv2.EmailIdentityMailFromAttributesArgs>;
    /** The `aws.sesv2.EmailIdentityFeedbackAttributes`. */
    feedback?: Transform<aws.sesv2.EmailIdentityFeedbackAttributesArgs>;
}

/** The arguments of {@link VerifiedDomain}. */
export interface VerifiedDomainArgs {
    /**
     * The domain to verify, e.g. `example.com` or `mail.example.com`. An internationalized domain (`bücher.example`)
     * is declared in the ASCII (punycode) form SES and DNS take (`xn--bcher-kva.example`).
     */
    domain: string;
    /**
     * Where the records go: `route53Dns({ zoneId })`, `route53Dns({ zoneName })`, `cloudflareDns({ zoneId })`,
     * or `false` to publish them yourself from the `records` output.
     */
    dns: DnsChoice;
    /**
     * The AWS region of the identity.
     * @default the region of the aws provider in `opts`, else `aws:region`, else the default provider's region
     */
    region?: string;
    /** Easy DKIM settings, or BYODKIM (`selector` + `privateKey`). @default Easy DKIM with a 2048-bit key */
    dkim?: EasyDkimOptions | ByoDkimOptions;
    /** A custom MAIL FROM domain (MX + SPF records). @default none: SES's amazonses.com MAIL FROM */
    mailFrom?: MailFromOptions;
    /** Publish a DMARC record `_dmarc.<domain>`; `{}` gives `p=none` (a Unicode report address's domain in its ASCII form). @default none */
    dmarc?: DmarcOptions;
    /** Forward bounces and complaints by email. @default unset: SES's default (forwarding on) */
    feedbackForwarding?: boolean;
    /** The identity's default configuration set. @default a new set with safe defaults (see ConfigurationSetOptions) */
    configurationSet?: ConfigurationSetChoice;
    /** Tags for the identity and a created configuration set. @default none */
    tags?: Record<string, string>;
    /**
     * Adopt an identity that already exists in SES (and its MAIL FROM and feedback settings) instead of
     * creating it: Pulumi imports it by name. The arguments must describe it as it is. @default false
     */
    import?: boolean;
    /** Adjust child resources' arguments or options. */
    transform?: VerifiedDomainTransforms;
    /**
     * Wait in `pulumi up` until SES has verified the domain for sending with DKIM SUCCESS (a preview never waits):
     * `verifiedIdentityArn` resolves then. `true` for the defaults, or {@link VerificationWaitOptions}. @default false
     */
    waitForVerification?: WaitForVerification;
}

/** True when `dkim` asks for BYODKIM. */
export function isByoDkim(dkim: EasyDkimOptions | ByoDkimOptions | undefined): dkim is ByoDkimOptions {
    return dkim !== undefined && ("selector" in dkim || "privateKey" in dkim);
}

const KEY_LENGTHS = ["RSA_1024_BIT", "RSA_2048_BIT"];
const SELECTOR = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** Every problem check for {@link VerifiedDomainArgs}, in order; the component throws the first one found. */
export function* verifiedDomainProblems(args: VerifiedDomainArgs): Generator<ArgumentProblem | undefined> {
    if (typeof args?.domain !== "string") {
        yield { field: "args.domain", value: args?.domain, problem: "is missing", fix: 'Give the domain to verify, e.g. "example.com".' };
        return;
    }
    // A Unicode domain is judged, and used, in the ASCII form SES takes; messages show both.
    const domainBad = domainNameProblem(asciiIdentityName(args.domain));
    if (domainBad !== undefined) {
        yield {
            field: "args.domain",
            value: args.domain,
            ascii: asciiFormOf(args.domain),
            problem: `is not a valid domain: ${domainBad}`,
            fix: 'Give a bare domain such as "example.com" (an address needs VerifiedEmailAddress).',
        };
        return;
    }
    const domain = asciiDomainName(args.domain);
    yield regionProblem("args.region", args.region);
    yield* dnsProblems(args.dns, domain);
    yield* dkimProblems(args.dkim);
    yield mailFromProblem(args.mailFrom, domain, withAsciiForm(args.domain, '"'));
    yield dmarcProblem(args.dmarc);
    yield configurationSetProblem("args.configurationSet", args.configurationSet);
    yield waitForVerificationProblem("args.waitForVerification", args.waitForVerification);
}

function* dnsProblems(dns: DnsChoice | undefined, domain: string): Generator<ArgumentProblem | undefined> {
    if (dns === false) return;
    if (dns === undefined || typeof dns !== "object" || typeof dns.declareRecords !== "function") {
        yield {
            field: "args.dns",
            value: dns,
            problem: "is not a DNS adapter or false",
            fix: "Give route53Dns({ zoneId }) / route53Dns({ zoneName }) / cloudflareDns({ zoneId }), or false to publish the records yourself.",
        };
        return;
    }
    const bad = dns.problem(domain);
    if (bad !== undefined) yield { ...bad, field: `args.dns.${bad.field}`, problem: `${bad.problem} (${dns.service})` };
}

function* dkimProblems(dkim: EasyDkimOptions | ByoDkimOptions | undefined): Generator<ArgumentProblem | undefined> {
    if (dkim === undefined) return;
    if (!isByoDkim(dkim)) {
        if (dkim.keyLength !== undefined && !KEY_LENGTHS.includes(dkim.keyLength)) {
            yield {
                field: "args.dkim.keyLength",
                value: dkim.keyLength,
                problem: "is not RSA_1024_BIT or RSA_2048_BIT",
                fix: 'Use "RSA_2048_BIT" (the default).',
            };
        }
        return;
    }
    if ("keyLength" in dkim) {
        yield {
            field: "args.dkim.keyLength",
            value: dkim.keyLength,
            problem: "is an Easy DKIM setting, but selector/privateKey ask for BYODKIM",
            fix: "Drop keyLength (your key's length is what it is), or drop selector and privateKey for Easy DKIM.",
        };
        return;
    }
    if (typeof dkim.selector !== "string" || !SELECTOR.test(dkim.selector)) {
        yield { field: "args.dkim.selector", value: dkim.selector, problem: "is not a DNS label", fix: "Use 1-63 letters, digits or '-', e.g. \"ses2024\"." };
    }
    if (dkim.privateKey === undefined) {
        yield { field: "args.dkim.privateKey", problem: "is missing", fix: 'Give the RSA private key (PEM), e.g. config.requireSecret("dkimPrivateKey").' };
        return;
    }
    if (typeof dkim.privateKey === "string") yield privateKeyProblem(dkim.privateKey);
    if (dkim.publicKey !== undefined) yield publicKeyProblem(dkim.publicKey, typeof dkim.privateKey === "string" ? dkim.privateKey : undefined);
}

/** Why a BYODKIM private key cannot be used (never showing the key), or undefined. */
export function privateKeyProblem(privateKey: string): ArgumentProblem | undefined {
    let bits: number | undefined;
    try {
        bits = parseRsaPrivateKey(privateKey).asymmetricKeyDetails?.modulusLength;
    } catch (err) {
        return {
            field: "args.dkim.privateKey",
            problem: `is not an RSA PEM key: ${(err as Error).message}`,
            fix: "Give a 2048-bit RSA private key in PEM, e.g. from `openssl genrsa 2048`.",
        };
    }
    if (bits !== 1024 && bits !== 2048) {
        return {
            field: "args.dkim.privateKey",
            problem: `is a ${bits}-bit RSA key; SES takes 1024 or 2048 bits`,
            fix: "Generate one with `openssl genrsa 2048`.",
        };
    }
    return undefined;
}

function publicKeyProblem(publicKey: string, privateKey: string | undefined): ArgumentProblem | undefined {
    try {
        const key = createPublicKey({ key: Buffer.from(publicKey, "base64"), format: "der", type: "spki" });
        if (key.asymmetricKeyType !== "rsa") throw new Error("not RSA");
    } catch {
        return {
            field: "args.dkim.publicKey",
            value: publicKey,
            problem: "is not a base64 DER RSA public key",
            fix: "Leave it out: it is derived from privateKey.",
        };
    }
    if (privateKey !== undefined && privateKeyProblem(privateKey) === undefined) {
        if (dkimPublicKeyFromPrivateKey(privateKey) !== publicKey.replace(/\s+/g, "")) {
            return {
                field: "args.dkim.publicKey",
                value: publicKey,
                problem: "does not belong to privateKey",
                fix: "Leave it out: it is derived from privateKey.",
            };
        }
    }
    return undefined;
}

function mailFromProblem(mailFrom: MailFromOptions | undefined, domain: string, shownDomain: string): ArgumentProblem | undefined {
    if (mailFrom === undefined) return undefined;
    const bad = typeof mailFrom.domain === "string" ? domainNameProblem(asciiIdentityName(mailFrom.domain)) : "it is missing";
    if (bad !== undefined) {
        return {
            field: "args.mailFrom.domain",
            value: mailFrom.domain,
            ascii: asciiFormOf(mailFrom.domain),
            problem: `is not a valid domain: ${bad}`,
            fix: `Give a subdomain such as "bounce.${domain}".`,
        };
    }
    if (!isStrictSubdomain(asciiDomainName(mailFrom.domain), domain)) {
        return {
            field: "args.mailFrom.domain",
            value: mailFrom.domain,
            ascii: asciiFormOf(mailFrom.domain),
            problem: `is not a subdomain of the identity ${shownDomain}`,
            fix: `Use a subdomain such as "bounce.${domain}".`,
        };
    }
    const behaviour = mailFrom.behaviorOnMxFailure;
    if (behaviour !== undefined && behaviour !== "USE_DEFAULT_VALUE" && behaviour !== "REJECT_MESSAGE") {
        return {
            field: "args.mailFrom.behaviorOnMxFailure",
            value: behaviour,
            problem: "is not USE_DEFAULT_VALUE or REJECT_MESSAGE",
            fix: 'Use "USE_DEFAULT_VALUE" (the default).',
        };
    }
    return undefined;
}

function dmarcProblem(dmarc: DmarcOptions | undefined): ArgumentProblem | undefined {
    if (dmarc === undefined) return undefined;
    if (dmarc.policy !== undefined && !["none", "quarantine", "reject"].includes(dmarc.policy)) {
        return {
            field: "args.dmarc.policy",
            value: dmarc.policy,
            problem: "is not none, quarantine or reject",
            fix: 'Start with "none" and tighten once reports look clean.',
        };
    }
    if (dmarc.reportAddress !== undefined) {
        const bad = typeof dmarc.reportAddress === "string" ? emailAddressProblem(asciiIdentityName(dmarc.reportAddress)) : "it is not a string";
        if (bad !== undefined)
            return {
                field: "args.dmarc.reportAddress",
                value: dmarc.reportAddress,
                ascii: asciiFormOf(dmarc.reportAddress),
                problem: `is not an email address: ${bad}`,
                fix: 'Give an address such as "dmarc@example.com".',
            };
    }
    return undefined;
}
