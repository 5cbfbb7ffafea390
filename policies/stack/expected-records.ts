/**
 * The DNS records the policies look for, built from records/ (the one source of truth) with what the stack
 * knows: a name or value unknown during preview stays open, and the resources a record may depend on in its
 * place (the identity, its DomainDkim, the MAIL FROM setting) are kept as anchors.
 */
import {
    ByoDkimSpec,
    EasyDkimSpec,
    IdentityRecord,
    IdentitySpec,
    Knowable,
    RecordText,
    OPEN,
    OpenPart,
    RecordPurpose,
    RecordType,
    identityRecords,
    isOpenOnlyInRegion,
    matchesInSomeRegion,
    knownTail,
    knownText,
    renderText,
} from "../../records";
import { dkimTxtPublicKey } from "../../records/dkim-txt";
import { spfIncludesAmazonSes } from "../../records/spf";
import { DomainDkim, SesIdentity } from "./identities";
import { ResourceRef } from "./resource-ref";
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
    anchors: readonly ResourceRef[];
    /** The record's name and value as records/ writes them, open parts marked; {@link expectedLabel} shows them. */
    text: { name: RecordText; value: RecordText };
}

/**
 * The record as shown in a message: `CNAME <name> -> <value>`, open parts as placeholders. Written only for a
 * message: most expected records are found and never shown.
 */
export function expectedLabel(record: ExpectedRecord): string {
    const name = renderText(record.text.name, placeholder);
    const value = renderText(record.text.value, placeholder);
    return record.type === "CNAME" ? `CNAME ${name} -> ${value}` : `${record.type} ${name} = "${value}"`;
}

/** How an open part of an expected record reads in a message. */
function placeholder(part: OpenPart): string {
    switch (part.part) {
        case "domain":
            return "<domain>";
        case "region":
            return "<region>";
        case "dkim-domain":
            return "<DKIM domain of the identity's region>";
        case "dkim-token":
            return `<token ${part.index + 1}>`;
        case "dkim-selector":
            return "<selector>";
        case "public-key":
            return "<public key of domainSigningPrivateKey>";
        case "verification-token":
            return "<verificationToken of the identity>";
        case "mail-from-domain":
            return "<MAIL FROM domain>";
    }
}

/** A value read from the stack as a spec input: open while unknown or absent. */
function specInput<T>(value: Read<T>): Knowable<T> {
    return isKnown(value) ? value : OPEN;
}

/**
 * With no region knowable at all (`undefined`, not unknown in preview), a record whose value is open only in its
 * region is right in any region: its DKIM target or MX host is left open.
 */
function inSomeRegion(r: IdentityRecord): ((value: string) => boolean) | undefined {
    return isOpenOnlyInRegion(r.value) ? (value) => matchesInSomeRegion(r.value, value) : undefined;
}

/** The known tail of a name that is not known (`name` undefined): `_domainkey.example.com` of `<token>._domainkey.example.com`. */
function nameSuffix(text: RecordText, name: string | undefined): string | undefined {
    if (name !== undefined) return undefined;
    const tail = knownTail(text).replace(/^\./, "");
    return tail !== "" ? tail : undefined;
}

/** Each record of `spec` as the stack must hold it, tied to `anchors`; `accepts` may replace a value's exact comparison. */
function expectations(
    spec: IdentitySpec,
    anchors: readonly ResourceRef[],
    accepts?: (r: IdentityRecord) => ((value: string) => boolean) | undefined,
): ExpectedRecord[] {
    return identityRecords(spec).map((r) => {
        const name = knownText(r.name);
        return {
            purpose: r.purpose,
            type: r.type,
            name,
            nameSuffix: nameSuffix(r.name, name),
            value: knownText(r.value),
            accepts: accepts?.(r),
            anchors,
            text: { name: r.name, value: r.value },
        };
    });
}

/** The Easy DKIM CNAMEs for `domain` from (possibly unknown) tokens in (possibly unknown) region. */
function easyDkimExpectations(
    domain: string | undefined,
    tokens: Read<(string | Unknown)[]>,
    region: Read<string>,
    anchors: readonly ResourceRef[],
): ExpectedRecord[] {
    const open = tokens === UNKNOWN || tokens === undefined || tokens.length === 0;
    const dkim: EasyDkimSpec = { kind: "easy", tokens: open ? OPEN : tokens.map(specInput) };
    return expectations({ domain: specInput(domain), region: specInput(region), dkim }, anchors, (r) => (region === undefined ? inSomeRegion(r) : undefined));
}

/** The resources a BYODKIM identity's selector and key come from (see `withKeyOrigins`). */
export function keyOrigins(identity: SesIdentity): readonly ResourceRef[] {
    return identity.dkim?.kind === "byodkim" ? (identity.dkim.origins ?? []) : [];
}

/** The BYODKIM TXT record of a v2 identity. */
function byoDkimExpectation(identity: SesIdentity, domain: string | undefined, selector: Read<string>, publicKey: Read<string>): ExpectedRecord[] {
    const dkim: ByoDkimSpec = { kind: "byodkim", selectors: [specInput(selector)], publicKey: specInput(publicKey) };
    const matchesKey = isKnown(publicKey) ? (v: string) => dkimTxtPublicKey(v) === publicKey : undefined;
    return expectations({ domain: specInput(domain), region: OPEN, dkim }, [identity.resource, ...keyOrigins(identity)], () => matchesKey);
}

/** The v1 `_amazonses` verification TXT record. */
function v1VerificationExpectation(identity: SesIdentity, domain: string | undefined): ExpectedRecord[] {
    return expectations({ domain: specInput(domain), region: OPEN, verificationToken: specInput(identity.verificationToken) }, [identity.resource]);
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
            return [{ description: "BYODKIM", records: byoDkimExpectation(identity, domain, dkim.selector, dkim.publicKey) }];
        }
        return [{ description: "Easy DKIM", records: easyDkimExpectations(domain, dkim.tokens, identity.region.region, [identity.resource]) }];
    }
    const routes: VerificationRoute[] = [{ description: "the _amazonses verification TXT record", records: v1VerificationExpectation(identity, domain) }];
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
export function mailFromExpectations(mailFromDomain: string | undefined, region: Read<string>, anchors: readonly ResourceRef[]): ExpectedRecord[] {
    const spec: IdentitySpec = { domain: OPEN, region: specInput(region), mailFromDomain: specInput(mailFromDomain) };
    return expectations(spec, anchors, (r) => (r.purpose === "mail-from-spf" ? spfIncludesAmazonSes : region === undefined ? inSomeRegion(r) : undefined));
}
