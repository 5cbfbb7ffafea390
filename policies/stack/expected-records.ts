/**
 * The DNS records the policies look for, built from records/ (the one source of truth) with what the stack
 * knows: a name or value unknown during preview stays open, and the resources a record may depend on in its
 * place (the identity, its DomainDkim, the MAIL FROM setting) are kept as anchors.
 */
import { PolicyResource } from "@pulumi/policy";
import {
    DKIM_LABEL,
    EASY_DKIM_TOKEN_COUNT,
    GLOBAL_DKIM_DOMAIN,
    MAIL_FROM_MX_PRIORITY,
    MAIL_FROM_SPF_VALUE,
    RecordPurpose,
    RecordType,
    dkimDomainForRegion,
    dkimRecordName,
    dkimRecordValue,
    isRegionName,
    mailFromMxValue,
    normalizeDnsName,
    v1VerificationRecordName,
} from "../../records";
import { dkimTxtPublicKey } from "../../records/dkim-txt";
import { spfIncludesAmazonSes } from "../../records/spf";
import { DomainDkim, SesIdentity } from "./identities";
import { Read, UNKNOWN, Unknown, isKnown } from "./values";

/** A record the stack must hold; parts unknown during preview are left open. */
export interface ExpectedRecord {
    /** Why the record is needed. */
    purpose: RecordPurpose;
    /** Record type. */
    type: RecordType;
    /** Fully qualified name when known. */
    name: string | undefined;
    /** When the name is not known: the known tail it must end with (e.g. `_domainkey.example.com`). */
    nameSuffix: string | undefined;
    /** The value when known (as DNS serves it). */
    value: string | undefined;
    /** A test that replaces the exact value comparison (SPF, DMARC). */
    accepts?: (value: string) => boolean;
    /** Resources the record may depend on while its name or value is unknown. */
    anchors: readonly PolicyResource[];
    /** The record as shown in a message: `CNAME <name> -> <value>`. */
    label: string;
}

/** True when `value` is `<token>.dkim.amazonses.com` or `<token>.dkim.<region>.amazonses.com` for some region. */
function isDkimTargetOfAnyRegion(value: string, token: string): boolean {
    const host = normalizeDnsName(value);
    const prefix = `${token.toLowerCase()}.`;
    if (!host.startsWith(prefix)) return false;
    const zone = host.slice(prefix.length);
    return zone === GLOBAL_DKIM_DOMAIN || (zone.startsWith("dkim.") && zone.endsWith(".amazonses.com") && isRegionName(zone.slice(5, -".amazonses.com".length)));
}

/** True when an MX value is `10 feedback-smtp.<some region>.amazonses.com`. */
function isMailFromMxOfAnyRegion(value: string): boolean {
    const [priority, host, ...rest] = value.trim().split(/\s+/);
    if (rest.length > 0 || host === undefined) return false;
    const h = normalizeDnsName(host);
    const region = h.startsWith("feedback-smtp.") && h.endsWith(".amazonses.com") ? h.slice("feedback-smtp.".length, -".amazonses.com".length) : "";
    return priority === String(MAIL_FROM_MX_PRIORITY) && isRegionName(region);
}

function cnameLabel(name: string, value: string): string {
    return `CNAME ${name} -> ${value}`;
}

/** The known tail of every DKIM record name of `domain`: `_domainkey.<domain>`. */
function dkimNameSuffix(domain: string | undefined): string | undefined {
    return domain !== undefined ? `${DKIM_LABEL}.${normalizeDnsName(domain)}` : undefined;
}

/** The Easy DKIM CNAMEs for `domain` from (possibly unknown) tokens in (possibly unknown) region. */
function easyDkimExpectations(
    domain: string | undefined,
    tokens: Read<(string | Unknown)[]>,
    region: Read<string>,
    anchors: readonly PolicyResource[],
): ExpectedRecord[] {
    const list: (string | Unknown)[] =
        tokens === UNKNOWN || tokens === undefined || tokens.length === 0 ? new Array(EASY_DKIM_TOKEN_COUNT).fill(UNKNOWN) : tokens;
    const dkimDomain = isKnown(region) ? dkimDomainForRegion(region) : "<DKIM domain of the identity's region>";
    const shownDomain = domain ?? "<domain>";
    return list.map((token, i) => {
        const known = token !== UNKNOWN;
        const name = known && domain !== undefined ? dkimRecordName(token, domain) : undefined;
        const value = known && isKnown(region) ? dkimRecordValue(token, region) : undefined;
        const shownToken = known ? token.toLowerCase() : `<token ${i + 1}>`;
        return {
            purpose: "easy-dkim",
            type: "CNAME",
            name,
            nameSuffix: dkimNameSuffix(domain),
            value,
            // No region known: the token at any region's DKIM domain may be right, so the target is left open.
            accepts: known && region === undefined ? (v) => isDkimTargetOfAnyRegion(v, token) : undefined,
            anchors,
            label: cnameLabel(name ?? `${shownToken}._domainkey.${shownDomain}`, value ?? `${shownToken}.${dkimDomain}`),
        };
    });
}

/** The resources a BYODKIM identity's selector and key come from (see `withKeyOrigins`). */
export function keyOrigins(identity: SesIdentity): readonly PolicyResource[] {
    return identity.dkim?.kind === "byodkim" ? (identity.dkim.origins ?? []) : [];
}

/** The BYODKIM TXT record of a v2 identity. */
function byoDkimExpectation(identity: SesIdentity, domain: string | undefined, selector: Read<string>, publicKey: Read<string>): ExpectedRecord {
    const name = isKnown(selector) && domain !== undefined ? dkimRecordName(selector, domain) : undefined;
    const value = isKnown(publicKey) ? `p=${publicKey}` : undefined;
    const shownName = name ?? `${isKnown(selector) ? selector : "<selector>"}._domainkey.${domain ?? "<domain>"}`;
    return {
        purpose: "byodkim",
        type: "TXT",
        name,
        nameSuffix: dkimNameSuffix(domain),
        value,
        accepts: isKnown(publicKey) ? (v) => dkimTxtPublicKey(v) === publicKey : undefined,
        anchors: [identity.resource, ...keyOrigins(identity)],
        label: `TXT ${shownName} = "${value ?? "p=<public key of domainSigningPrivateKey>"}"`,
    };
}

/** The v1 `_amazonses` verification TXT record. */
function v1VerificationExpectation(identity: SesIdentity, domain: string | undefined): ExpectedRecord {
    const name = domain !== undefined ? v1VerificationRecordName(domain) : undefined;
    const token = identity.verificationToken;
    const value = isKnown(token) ? token : undefined;
    return {
        purpose: "v1-verification",
        type: "TXT",
        name,
        nameSuffix: undefined,
        value,
        anchors: [identity.resource],
        label: `TXT ${name ?? "_amazonses.<domain>"} = "${value ?? "<verificationToken of the identity>"}"`,
    };
}

/** The ways a domain identity can be verified; verifying any one of them is enough. */
export interface VerificationRoute {
    /** What this route is, for messages (e.g. `Easy DKIM`). */
    description: string;
    /** The records the route needs, all of them. */
    records: ExpectedRecord[];
}

/** The verification routes of a domain identity: v2 its DKIM records; v1 the `_amazonses` TXT or a DomainDkim's CNAMEs. */
export function verificationRoutes(identity: SesIdentity, domain: string | undefined): VerificationRoute[] {
    if (identity.api === "v2") {
        const dkim = identity.dkim ?? { kind: "easy", tokens: undefined };
        if (dkim.kind === "byodkim") {
            return [{ description: "BYODKIM", records: [byoDkimExpectation(identity, domain, dkim.selector, dkim.publicKey)] }];
        }
        return [{ description: "Easy DKIM", records: easyDkimExpectations(domain, dkim.tokens, identity.region.region, [identity.resource]) }];
    }
    const routes: VerificationRoute[] = [{ description: "the _amazonses verification TXT record", records: [v1VerificationExpectation(identity, domain)] }];
    for (const dkim of identity.domainDkims) routes.push(domainDkimRoute(identity, domain, dkim));
    return routes;
}

function domainDkimRoute(identity: SesIdentity, domain: string | undefined, dkim: DomainDkim): VerificationRoute {
    return {
        description: `the Easy DKIM CNAMEs of DomainDkim '${dkim.resource.name}'`,
        records: easyDkimExpectations(domain, dkim.tokens, identity.region.region, [dkim.resource, identity.resource]),
    };
}

/** The MX and SPF TXT records of a custom MAIL FROM domain. */
export function mailFromExpectations(mailFromDomain: string | undefined, region: Read<string>, anchors: readonly PolicyResource[]): ExpectedRecord[] {
    const name = mailFromDomain !== undefined ? normalizeDnsName(mailFromDomain) : undefined;
    const shownName = name ?? "<MAIL FROM domain>";
    const mx = isKnown(region) ? mailFromMxValue(region) : undefined;
    return [
        {
            purpose: "mail-from-mx",
            type: "MX",
            name,
            nameSuffix: undefined,
            value: mx,
            // No region known: any region's feedback host may be right, so the host is left open.
            accepts: region === undefined ? isMailFromMxOfAnyRegion : undefined,
            anchors,
            label: `MX ${shownName} = "${mx ?? mailFromMxValue("<region>")}"`,
        },
        {
            purpose: "mail-from-spf",
            type: "TXT",
            name,
            nameSuffix: undefined,
            value: MAIL_FROM_SPF_VALUE,
            accepts: spfIncludesAmazonSes,
            anchors,
            label: `TXT ${shownName} = "${MAIL_FROM_SPF_VALUE}"`,
        },
    ];
}
