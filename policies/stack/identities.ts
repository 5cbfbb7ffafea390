/**
 * The SES identities of a stack, v1 and v2, read into one shape: name, kind, region and how the domain is
 * verified (Easy DKIM tokens, a BYODKIM selector and key, the v1 verification token, v1 DomainDkim resources).
 */
import { PolicyResource } from "@pulumi/policy";
import {
    IdentityKind,
    asciiDomainName,
    asciiIdentityName,
    dkimPublicKeyFromPrivateKey,
    domainNameProblem,
    emailAddressProblem,
    identityDomain,
    identityKind,
} from "../../records";
import { ResolvedRegion, resourceRegion, sameRegion } from "./region";
import { ResourceRef, ResourceRefs } from "./resource-ref";
import { SESV2_EMAIL_IDENTITY, SES_DOMAIN_DKIM, SES_DOMAIN_IDENTITY, SES_EMAIL_IDENTITY } from "../../state/resource-types";
import { Read, UNKNOWN, Unknown, isKnown, nonEmptyStringAt, nonEmptyStringOf, objectAt, plainProps, stringAt, stringsAt } from "./values";

/** How an SES v2 domain identity signs: Easy DKIM (tokens issued by SES) or BYODKIM (own selector and key). */
export type DkimSetup =
    | { kind: "easy"; tokens: Read<(string | Unknown)[]> }
    | { kind: "byodkim"; selector: Read<string>; publicKey: Read<string>; keyProblem?: string; keyForm?: string; origins?: readonly ResourceRef[] };

/**
 * SES's pattern for `DkimSigningAttributes.DomainSigningPrivateKey`: bare base64, no PEM lines, no white space
 * (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_DkimSigningAttributes.html). A key outside it is
 * rejected when the identity is created.
 */
const SES_PRIVATE_KEY_PATTERN = /^[a-zA-Z0-9+/]+={0,2}$/;

/** Why a known private key is not in the form SES takes, or undefined when it is. */
function keyFormProblem(key: string): string | undefined {
    if (SES_PRIVATE_KEY_PATTERN.test(key)) return undefined;
    if (key.includes("-----BEGIN")) return "it is PEM-armoured (BEGIN/END lines)";
    return "it holds characters outside base64 (white space or line breaks)";
}

/** A v1 `DomainDkim`: the Easy DKIM tokens of a v1 domain identity. */
export interface DomainDkim {
    /** The DomainDkim resource. */
    resource: ResourceRef;
    /** Its domain. */
    domain: Read<string>;
    /** Its tokens (computed). */
    tokens: Read<(string | Unknown)[]>;
}

/** One SES identity of the stack. */
export interface SesIdentity {
    /** The identity resource. */
    resource: ResourceRef;
    /** `v2` for `aws.sesv2.EmailIdentity`, `v1` for `aws.ses.DomainIdentity` / `aws.ses.EmailIdentity`. */
    api: "v1" | "v2";
    /** The domain or address, a Unicode domain (part) in its ASCII (punycode) form, as SES and DNS compare it. */
    name: Read<string>;
    /** The name as the program gave it, when that is in Unicode and {@link name} is its ASCII form. */
    givenName?: string;
    /** Domain or email address; {@link UNKNOWN} when the name is unknown and nothing else tells. */
    kind: IdentityKind | Unknown;
    /** The identity's region. */
    region: ResolvedRegion;
    /** v2 domain identities: how it signs. */
    dkim?: DkimSetup;
    /** v1 domain identities: the `_amazonses` verification token. */
    verificationToken?: Read<string>;
    /** v1 domain identities: the DomainDkim resources for the domain (none for the others). */
    domainDkims: readonly DomainDkim[];
    /** v2 identities: the default configuration set. */
    configurationSetName?: Read<string>;
    /** v2 identities: the URNs of the resources its `configurationSetName` depends on (a set whose output it passes). */
    configurationSetLinks?: readonly string[];
    /**
     * Why the known name is not a valid domain or address (e.g. longer than DNS's 253 characters, a label over
     * 63), or undefined. An identity with a problem is reported once and never matched against records, so a
     * name of thousands of labels costs one check, not a walk over each of its parents.
     */
    nameProblem?: string;
}

/** The root stack resource, which everything depends on and so ties nothing. */
const STACK_TYPE = "pulumi:pulumi:Stack";

/** The longest an identity name is shown in a message; longer names are cut and their length given. */
const SHOWN_NAME_LENGTH = 120;

/** A name as shown in messages: cut after {@link SHOWN_NAME_LENGTH} characters. */
export function shownName(name: string): string {
    return name.length <= SHOWN_NAME_LENGTH ? name : `${name.slice(0, SHOWN_NAME_LENGTH)}... (${name.length} characters)`;
}

/** Why a known identity name of `kind` is not valid, or undefined. */
function nameProblemOf(name: Read<string>, kind: IdentityKind | Unknown): string | undefined {
    if (!isKnown(name)) return undefined;
    if (kind === "email-address") return emailAddressProblem(name);
    return domainNameProblem(name);
}

/** The domain of a domain identity or of an address, normalized; undefined when not known or not valid. */
export function domainOf(identity: SesIdentity): string | undefined {
    return isKnown(identity.name) && identity.nameProblem === undefined ? identityDomain(identity.name) : undefined;
}

/**
 * The identity's name as SES compares it (a domain case-folded, an address's local part as given), or undefined
 * when it is not known or not valid.
 */
export function identityNameKey(identity: SesIdentity): string | undefined {
    if (!isKnown(identity.name) || identity.nameProblem !== undefined) return undefined;
    const at = identity.name.lastIndexOf("@");
    return at >= 0 ? `${identity.name.slice(0, at)}@${identityDomain(identity.name)}` : identityDomain(identity.name);
}

/** How an identity is named in messages: `example.com (aws:sesv2/... "name")`. */
export function describeIdentity(identity: SesIdentity): string {
    const name = !isKnown(identity.name)
        ? "(name unknown until the update)"
        : identity.givenName !== undefined
          ? `'${shownName(identity.givenName)}' (${shownName(identity.name)})`
          : shownName(identity.name);
    return `SES ${identity.api} identity ${name} (resource '${identity.resource.name}')`;
}

/** The input that names an identity: `emailIdentity` (v2), `domain` or `email` (v1). */
export function nameInput(identity: SesIdentity): string {
    if (identity.api === "v2") return "emailIdentity";
    return identity.kind === "email-address" ? "email" : "domain";
}

/**
 * The message for an identity named in Unicode ({@link SesIdentity.givenName}), or undefined: SES takes an
 * internationalized domain only in its ASCII (punycode) form, and the pack cannot change an input, so it says which.
 */
export function unicodeNameMessage(identity: SesIdentity): string | undefined {
    if (identity.givenName === undefined || !isKnown(identity.name)) return undefined;
    return (
        `${describeIdentity(identity)} is named in Unicode, but SES takes an internationalized domain only in its ASCII (punycode) form: ` +
        "the addresses it sends from must be 7-bit ASCII, a Unicode domain encoded in Punycode (RFC 3492), so mail from this name never " +
        `matches the identity. Give ${nameInput(identity)}: "${shownName(identity.name)}" (ses-guard's components convert it for you). ` +
        "The pack reads the identity in that form, so records declared for it count."
    );
}

function readDkim(props: Record<string, unknown>): DkimSetup {
    const attrs = objectAt(props, "dkimSigningAttributes");
    // Wholly unknown (a preview's computed output): Easy DKIM, the default, with tokens to come.
    if (attrs === UNKNOWN) return { kind: "easy", tokens: UNKNOWN };
    const selector = nonEmptyStringAt(attrs, "domainSigningSelector");
    if (selector === undefined) return { kind: "easy", tokens: stringsAt(attrs, "tokens") };
    const key = nonEmptyStringAt(attrs, "domainSigningPrivateKey");
    if (!isKnown(key)) return { kind: "byodkim", selector, publicKey: key };
    try {
        return { kind: "byodkim", selector, publicKey: dkimPublicKeyFromPrivateKey(key), keyForm: keyFormProblem(key) };
    } catch (err) {
        return { kind: "byodkim", selector, publicKey: undefined, keyProblem: err instanceof Error ? err.message : String(err) };
    }
}

/**
 * A BYODKIM setup with the resources its selector and key come from (a `tls.PrivateKey`, a `random` selector):
 * a record made from the same resource is tied to the identity as surely as one made from the identity itself.
 */
function withKeyOrigins(dkim: DkimSetup, resource: PolicyResource, refs: ResourceRefs): DkimSetup {
    if (dkim.kind !== "byodkim") return dkim;
    const deps = resource.propertyDependencies?.dkimSigningAttributes;
    const origins = Array.isArray(deps) ? deps.filter((d) => d !== resource && d.type !== STACK_TYPE).map((d) => refs.of(d)) : [];
    return origins.length === 0 ? dkim : { ...dkim, origins };
}

function v2Kind(name: Read<string>, props: Record<string, unknown>): IdentityKind | Unknown {
    if (isKnown(name)) return identityKind(name);
    const type = stringAt(props, "identityType");
    if (type === "DOMAIN") return "domain";
    if (type === "EMAIL_ADDRESS") return "email-address";
    if (isKnown(nonEmptyStringAt(props, "dkimSigningAttributes", "domainSigningSelector"))) return "domain";
    return UNKNOWN;
}

/** The answer of {@link dependencyUrns} for no dependency, shared. */
const NO_URNS: readonly string[] = Object.freeze([]);

/** The DomainDkim list of an identity none attaches to (every v2 identity), shared: the model keeps one per identity. */
const NO_DOMAIN_DKIMS: readonly DomainDkim[] = Object.freeze([]);

/**
 * The URNs of the resources `property` of `resource` depends on, one list per distinct answer in `shared` (keyed
 * by the URNs): many identities name one configuration set, and the model keeps each identity's list.
 */
function dependencyUrns(resource: PolicyResource, property: string, shared: Map<string, readonly string[]>): readonly string[] {
    const deps = resource.propertyDependencies?.[property];
    if (!Array.isArray(deps) || deps.length === 0) return NO_URNS;
    const urns = deps.map((d) => d.urn);
    const key = urns.join("\n");
    const known = shared.get(key);
    if (known !== undefined) return known;
    shared.set(key, urns);
    return urns;
}

/** Reads one resource as an SES identity, or undefined when it is not one (`urnLists`: see {@link dependencyUrns}). */
function readIdentity(resource: PolicyResource, refs: ResourceRefs, urnLists: Map<string, readonly string[]>): SesIdentity | undefined {
    // The type first: most resources of a stack are not identities, and their props are not read at all.
    switch (resource.type) {
        case SESV2_EMAIL_IDENTITY: {
            const props = plainProps(resource.props);
            const name = nonEmptyStringOf(props.emailIdentity);
            const kind = v2Kind(name, props);
            return {
                resource: refs.of(resource),
                api: "v2",
                name,
                kind,
                region: resourceRegion(resource),
                dkim: kind === "email-address" ? undefined : withKeyOrigins(readDkim(props), resource, refs),
                domainDkims: NO_DOMAIN_DKIMS,
                configurationSetName: nonEmptyStringOf(props.configurationSetName),
                configurationSetLinks: dependencyUrns(resource, "configurationSetName", urnLists),
            };
        }
        case SES_DOMAIN_IDENTITY: {
            const props = plainProps(resource.props);
            return {
                resource: refs.of(resource),
                api: "v1",
                name: nonEmptyStringAt(props, "domain"),
                kind: "domain",
                region: resourceRegion(resource),
                verificationToken: nonEmptyStringAt(props, "verificationToken"),
                domainDkims: NO_DOMAIN_DKIMS,
            };
        }
        case SES_EMAIL_IDENTITY: {
            const props = plainProps(resource.props);
            return {
                resource: refs.of(resource),
                api: "v1",
                name: nonEmptyStringAt(props, "email"),
                kind: "email-address",
                region: resourceRegion(resource),
                domainDkims: NO_DOMAIN_DKIMS,
            };
        }
        default:
            return undefined;
    }
}

/**
 * Every SES identity among `resources`, with v1 DomainDkim resources attached to their domain identity; each
 * resource is named by its ref in `refs`.
 */
export function readIdentities(resources: readonly PolicyResource[], refs: ResourceRefs): SesIdentity[] {
    const identities: SesIdentity[] = [];
    const dkims: { dkim: DomainDkim; source: PolicyResource }[] = [];
    const urnLists = new Map<string, readonly string[]>();
    for (const r of resources) {
        if (r.type === SES_DOMAIN_DKIM) {
            const props = plainProps(r.props);
            dkims.push({ dkim: { resource: refs.of(r), domain: nonEmptyStringAt(props, "domain"), tokens: stringsAt(props, "dkimTokens") }, source: r });
            continue;
        }
        const identity = readIdentity(r, refs, urnLists);
        if (identity === undefined) continue;
        // Read as SES and DNS compare it: a Unicode domain (part) in its ASCII form, so its records match.
        if (isKnown(identity.name)) {
            const ascii = asciiIdentityName(identity.name);
            if (ascii !== identity.name) {
                identity.givenName = identity.name;
                identity.name = ascii;
            }
        }
        identity.nameProblem = nameProblemOf(identity.name, identity.kind);
        identities.push(identity);
    }
    if (dkims.length > 0) attachDomainDkims(identities, dkims);
    return identities;
}

/**
 * Finds the identity an attribute resource (DomainDkim, MAIL FROM) configures: the identity its name property
 * depends on, when that is in the attribute's own region, else the one of that name in that region. Dependency
 * first, so the same domain in two regions never hands one region's setting to the other's identity; and never
 * across regions, since the attribute's API call acts on the identity of that name in the region it goes to.
 */
export class IdentityLinks {
    private readonly byUrn = new Map<string, SesIdentity>();
    private readonly byName = new Map<string, SesIdentity[]>();

    /** Indexes `identities` (only those `accept` keeps) by resource and by normalized name. */
    constructor(identities: readonly SesIdentity[], accept: (i: SesIdentity) => boolean = () => true) {
        for (const i of identities) {
            if (!accept(i)) continue;
            this.byUrn.set(i.resource.urn, i);
            if (!isKnown(i.name)) continue;
            const key = asciiDomainName(i.name);
            const list = this.byName.get(key);
            if (list === undefined) this.byName.set(key, [i]);
            else list.push(i);
        }
    }

    /** The identity `resource` configures through its `property` (naming `name`), given its own `region`. */
    owner(resource: PolicyResource, property: string, name: Read<string>, region: ResolvedRegion): SesIdentity | undefined {
        for (const dep of resource.propertyDependencies?.[property] ?? []) {
            const owner = this.byUrn.get(dep.urn);
            // An identity of another region is not the one its call configures: SES acts on the namesake in the call's region.
            if (owner !== undefined && sameRegion(owner.region, region)) return owner;
        }
        if (!isKnown(name)) return undefined;
        const namesakes = (this.byName.get(asciiDomainName(name)) ?? []).filter((i) => sameRegion(i.region, region));
        // Two namesakes of which neither region is known: the name alone cannot tell which one is meant.
        return namesakes.length === 1 ? namesakes[0] : namesakes.find((i) => i.region.region === region.region && isKnown(region.region));
    }
}

/** Attaches each DomainDkim (read from `source`) to the v1 domain identity it configures (see {@link IdentityLinks}). */
function attachDomainDkims(identities: SesIdentity[], dkims: readonly { dkim: DomainDkim; source: PolicyResource }[]): void {
    const links = new IdentityLinks(identities, (i) => i.api === "v1" && i.kind === "domain");
    const attached = new Map<SesIdentity, DomainDkim[]>();
    for (const { dkim, source } of dkims) {
        const owner = links.owner(source, "domain", dkim.domain, resourceRegion(source));
        if (owner === undefined) continue;
        const list = attached.get(owner);
        if (list === undefined) attached.set(owner, [dkim]);
        else list.push(dkim);
    }
    for (const [identity, list] of attached) identity.domainDkims = list;
}
