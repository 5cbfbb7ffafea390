/**
 * ses-dkim-record-values (stack policy, mandatory).
 *
 * Where the values are known, the DKIM records of an SES domain identity are right: an Easy DKIM record is a
 * CNAME, its name carries one of the identity's tokens, it points at `<same token>.<DKIM domain of the
 * identity's region>` (`dkim.amazonses.com`, or `dkim.<region>.amazonses.com` in the regions that have their
 * own), its name does not repeat the zone (`x._domainkey.example.com.example.com`, the mark of a fully
 * qualified name given to a provider that appends the zone), and Cloudflare does not proxy it. A BYODKIM record
 * is a TXT record whose `p=` key is the public half of `domainSigningPrivateKey`, and that key is given the way
 * SES takes it: bare base64, not PEM-armoured (SES rejects an armoured key when the identity is created).
 * Records this policy looks at: those whose name or value depends on the identity (or its DomainDkim) and
 * those named after one of its known tokens; other `_domainkey` records (other mail senders) are left alone.
 * While a record's name is unknown (preview) only what is known is judged: proxying, and a record with no value at
 * all (a missing value is not an unknown one).
 *
 * AWS docs: https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-easy.html
 */
import { StackValidationPolicy } from "@pulumi/policy";
import {
    DKIM_LABEL,
    GLOBAL_DKIM_DOMAIN,
    dkimDomainForRegion,
    dkimRecordName,
    dkimRecordValue,
    domainAndParents,
    endsWithNames,
    isDkimRecordValue,
    normalizeDnsName,
    relativeDnsName,
} from "../records";
import { dkimTxtPublicKey } from "../records/dkim-txt";
import { DnsRecord } from "./stack/dns/dns-record";
import { keyOrigins } from "./stack/expected-records";
import { SesIdentity, describeIdentity, domainOf } from "./stack/identities";
import { ResourceRef } from "./stack/resource-ref";
import { StackModel } from "./stack/stack-model";
import { Read, UNKNOWN, Unknown, isKnown, knownStrings } from "./stack/values";
import { isSecretValue } from "./stack/secrets";
import { REDACTED } from "../state/secret-values";

/** The policy's name. */
export const DKIM_RECORD_VALUES = "ses-dkim-record-values";

const PROXIED = "Cloudflare proxies it (proxied: true), so DNS does not answer with the CNAME; set proxied: false (DNS only)";

/**
 * True when a record has no value at all: no value property, an empty list, or only empty strings. That is known in
 * preview too (a missing value is not an unknown one): a Route 53 record without `records`, or a
 * `@pulumi/cloudflare` 6 `Record` given `value:`, which that class drops, leaving no `content`.
 */
function hasNoValue(record: DnsRecord): boolean {
    return !record.valuesUnknown && record.knownValues.every((v) => v.trim() === "");
}

/** The finding for a DKIM record without a value, with the property its provider takes. */
function noValueFinding(record: DnsRecord, what: string): string {
    const property = record.provider === "Route 53" ? "records: [...]" : "content (cloudflare.DnsRecord; the older cloudflare.Record drops value:)";
    return `it has no value, so DNS serves no ${what}; give it ${property}`;
}

/** A set of DKIM records to check: one identity's Easy DKIM (v2 or a v1 DomainDkim) or its BYODKIM key. */
interface DkimSource {
    identity: SesIdentity;
    /** The identity's domain, normalized, when known and valid. */
    domain: string | undefined;
    /** The domain and its parents: the zones a record of the domain may be in (when its own is not known). */
    zones: readonly string[];
    /** `._domainkey.<domain>`: how every DKIM record name of the domain ends. */
    dkimSuffix: string | undefined;
    anchors: ResourceRef[];
    /** Easy DKIM: the identity's known tokens, and whether any (or the list) is still unknown. */
    easy?: { known: { values: readonly string[]; anyUnknown: boolean } };
    byodkim?: { selector: Read<string>; publicKey: Read<string> };
}

function sourcesOf(identity: SesIdentity): DkimSource[] {
    const domain = domainOf(identity);
    const zones = domain !== undefined ? domainAndParents(domain) : [];
    const dkimSuffix = domain !== undefined ? `${DKIM_INFIX}${domain}` : undefined;
    const easy = (tokens: Read<(string | Unknown)[]>): DkimSource["easy"] => ({ known: knownStrings(tokens) });
    if (identity.api === "v2") {
        const dkim = identity.dkim ?? { kind: "easy", tokens: undefined };
        return dkim.kind === "easy"
            ? [{ identity, domain, zones, dkimSuffix, anchors: [identity.resource], easy: easy(dkim.tokens) }]
            : [
                  {
                      identity,
                      domain,
                      zones,
                      dkimSuffix,
                      anchors: [identity.resource, ...keyOrigins(identity)],
                      byodkim: { selector: dkim.selector, publicKey: dkim.publicKey },
                  },
              ];
    }
    return identity.domainDkims.map((d) => ({ identity, domain, zones, dkimSuffix, anchors: [d.resource], easy: easy(d.tokens) }));
}

/** `._domainkey.`, between a DKIM record's first label and its domain. */
const DKIM_INFIX = `.${DKIM_LABEL}.`;

/** `._domainkey`, the end of a DKIM record name relative to its domain. */
const DKIM_END = `.${DKIM_LABEL}`;

/** True when a label after the first of a (qualified) name is `_domainkey`. */
function isDkimName(q: string): boolean {
    return q.includes(DKIM_INFIX) || q.endsWith(DKIM_END);
}

/** The first label of a name. */
function firstLabel(q: string): string {
    const dot = q.indexOf(".");
    return dot < 0 ? q : q.slice(0, dot);
}

/** True when `token` (lower case) is one of `tokens`. */
function hasToken(tokens: readonly string[], token: string): boolean {
    for (const t of tokens) if (t === token || t.toLowerCase() === token) return true;
    return false;
}

/**
 * False when a record that depends on several identities carries another one's name: a record verifies at most
 * the identity whose domain (and token) its name carries, so it is not a wrong record of the others.
 */
function carriesSource(record: DnsRecord, q: string, source: DkimSource, model: StackModel): boolean {
    if (!model.linksSeveralIdentities(record)) return true;
    if (source.dkimSuffix === undefined || !q.endsWith(source.dkimSuffix)) return false;
    const tokens = source.easy?.known;
    return tokens === undefined || tokens.anyUnknown || hasToken(tokens.values, firstLabel(q));
}

/** Adds `r` to `found` unless it is there (a source has a handful of records, so a list). */
function addOnce(found: DnsRecord[], r: DnsRecord): void {
    if (!found.includes(r)) found.push(r);
}

/** The records to check for one source, each once: linked ones with a DKIM name, and ones named after known tokens. */
function candidates(source: DkimSource, model: StackModel): readonly DnsRecord[] {
    const found: DnsRecord[] = [];
    for (const r of model.linkedRecords(source.anchors)) {
        const q = r.qualifiedName;
        if (q === undefined || (isDkimName(q) && carriesSource(r, q, source, model))) addOnce(found, r);
    }
    const names: string[] = [];
    if (source.domain !== undefined) {
        if (source.easy !== undefined) {
            for (const t of source.easy.known.values) names.push(dkimRecordName(t, source.domain));
        } else if (source.byodkim !== undefined && isKnown(source.byodkim.selector)) {
            names.push(dkimRecordName(source.byodkim.selector, source.domain));
        }
    }
    for (const n of names) {
        for (const r of model.dns.named(n)) addOnce(found, r);
        for (const r of model.dns.namedWithZoneAgain(n, source.zones)) addOnce(found, r);
    }
    return found;
}

/** The zone a record name repeats (`x._domainkey.example.com.example.com`, or the domain and then its zone), if any. */
function repeatedZone(record: DnsRecord, q: string, source: DkimSource): string | undefined {
    const repeats = (z: string) => endsWithNames(q, z, z) || (source.domain !== undefined && endsWithNames(q, source.domain, z));
    if (record.zone !== undefined) return repeats(record.zone) ? record.zone : undefined;
    return source.zones.find(repeats);
}

/** The doubled-zone finding for a record name, if any. */
function doubledZone(record: DnsRecord, q: string, source: DkimSource): string | undefined {
    const zone = repeatedZone(record, q, source);
    if (zone === undefined) return undefined;
    const once = q.slice(0, -(zone.length + 1));
    return (
        `its name '${q}' repeats the zone ${zone} (a fully qualified name given to a provider that appends the zone); ` +
        `write it once: '${once}' (or '${relativeDnsName(once, zone)}' relative to the zone)`
    );
}

/** What is wrong with one value of an Easy DKIM record named after `token`. */
function valueFinding(v: string, token: string, region: Read<string>): string | undefined {
    if (isKnown(region) && isDkimRecordValue(v, token, region)) return undefined;
    const host = normalizeDnsName(v);
    const [first, ...rest] = host.split(".");
    const zone = rest.join(".");
    if (!host.endsWith("amazonses.com")) {
        return `it points at '${v}', not at Amazon SES (${isKnown(region) ? dkimRecordValue(token, region) : `${token}.${GLOBAL_DKIM_DOMAIN}`})`;
    }
    // The token and the zone are parts of the value: those of a secret value are no more shown than the value.
    const secret = isSecretValue(v);
    if (first !== token) return `it points at token '${secret ? REDACTED : first}' but its name carries token '${token}'`;
    if (isKnown(region) && zone !== dkimDomainForRegion(region)) {
        return `it points at ${secret ? REDACTED : zone}, but the DKIM domain of region ${region} is ${dkimDomainForRegion(region)}`;
    }
    return undefined;
}

/**
 * What is wrong with one Easy DKIM record, where its values are known; undefined when nothing is. A right record
 * (most of them) is judged without building any text.
 */
function easyFindings(
    record: DnsRecord,
    source: DkimSource,
    known: { values: readonly string[]; anyUnknown: boolean },
): { findings: string[]; expected?: string } | undefined {
    const q = record.qualifiedName;
    if (q === undefined) {
        // Name unknown (preview): only what is known can be wrong; a proxied CNAME made from the tokens is, and one with no value.
        if (isKnown(record.type) && record.type !== "CNAME") return undefined;
        const known = [...(record.proxied === true ? [PROXIED] : []), ...(hasNoValue(record) ? [noValueFinding(record, "CNAME target")] : [])];
        return known.length > 0 ? { findings: known } : undefined;
    }
    const findings: string[] = [];
    const doubled = doubledZone(record, q, source);
    if (doubled !== undefined) findings.push(doubled);
    if (isKnown(record.type) && record.type !== "CNAME") findings.push(`it is a ${record.type} record; Easy DKIM records are CNAMEs`);
    if (record.proxied === true) findings.push(PROXIED);
    const token = firstLabel(q);
    if (!known.anyUnknown && known.values.length > 0 && !hasToken(known.values, token)) {
        findings.push(`its name carries '${token}', which is not one of the identity's DKIM tokens (${known.values.join(", ")})`);
    }
    const region = source.identity.region.region;
    if (hasNoValue(record)) findings.push(noValueFinding(record, "CNAME target"));
    if (!record.valuesUnknown) {
        for (const v of record.knownValues) {
            const finding = valueFinding(v, token, region);
            if (finding !== undefined) findings.push(finding);
        }
    }
    if (findings.length === 0) return undefined;
    const expected =
        source.domain !== undefined && isKnown(region) ? `CNAME ${dkimRecordName(token, source.domain)} -> ${dkimRecordValue(token, region)}` : undefined;
    return { findings, expected };
}

/** What is wrong with one BYODKIM record, where its values are known. */
function byodkimFindings(record: DnsRecord, source: DkimSource, publicKey: Read<string>): string[] {
    const findings: string[] = [];
    const typeFits = !isKnown(record.type) || record.type === "TXT";
    if (typeFits && hasNoValue(record)) findings.push(noValueFinding(record, "public key"));
    const q = record.qualifiedName;
    if (q === undefined) return findings;
    const doubled = doubledZone(record, q, source);
    if (doubled !== undefined) findings.push(doubled);
    if (isKnown(record.type) && record.type !== "TXT") findings.push(`it is a ${record.type} record; a BYODKIM key record is TXT`);
    const values = record.knownValues;
    if (isKnown(publicKey) && !record.valuesUnknown && values.length > 0 && !values.some((v) => dkimTxtPublicKey(v) === publicKey)) {
        findings.push("its p= key is not the public key of the identity's domainSigningPrivateKey");
    }
    return findings;
}

function recordLabel(record: DnsRecord): string {
    return `${record.provider} record '${record.resourceName}' (${isKnown(record.name) ? record.name : "name unknown"})`;
}

/** Easy DKIM and BYODKIM records, where known, have the right type, name, target and key. */
export const sesDkimRecordValues: StackValidationPolicy = {
    name: DKIM_RECORD_VALUES,
    description:
        "Every DKIM record of an SES domain identity whose values are known is right: a CNAME to the token at the DKIM domain of the identity's region (or the BYODKIM TXT key), with no doubled zone and no proxying.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const model = StackModel.of(args.resources);
        const reported = new Set<DnsRecord>();
        for (const identity of model.identities) {
            if (identity.kind === "email-address") continue;
            const dkim = identity.dkim;
            if (dkim?.kind === "byodkim" && dkim.keyProblem !== undefined) {
                reportViolation(
                    `${describeIdentity(identity)} uses BYODKIM, but its domainSigningPrivateKey cannot be used: ${dkim.keyProblem}. ` +
                        "Give the RSA private key as base64 DER or PEM (ses-guard's records module converts it).",
                    identity.resource.urn,
                );
            }
            if (dkim?.kind === "byodkim" && dkim.keyForm !== undefined) {
                reportViolation(
                    `${describeIdentity(identity)} gives dkimSigningAttributes.domainSigningPrivateKey in a form SES rejects at create: ` +
                        `${dkim.keyForm}. SES takes bare base64 (pattern ^[a-zA-Z0-9+/]+={0,2}$, DkimSigningAttributes in the SES API ` +
                        'reference). Strip the armour and line breaks: domainSigningPrivateKey: pem.apply((k) => k.replace(/-----[^-]+-----|\\s/g, "")), ' +
                        "or declare the domain with ses-guard's VerifiedDomain, which converts it.",
                    identity.resource.urn,
                );
            }
            for (const source of sourcesOf(identity)) {
                for (const record of candidates(source, model)) {
                    if (reported.has(record)) continue;
                    let findings: string[];
                    let expected: string | undefined;
                    if (source.easy !== undefined) ({ findings, expected } = easyFindings(record, source, source.easy.known) ?? { findings: [] });
                    else findings = byodkimFindings(record, source, source.byodkim?.publicKey ?? UNKNOWN);
                    if (findings.length === 0) continue;
                    reported.add(record);
                    reportViolation(
                        `${recordLabel(record)}, a DKIM record of ${describeIdentity(identity)}, is wrong: ${findings.join("; ")}.` +
                            (expected !== undefined ? ` Expected: ${expected}.` : ""),
                        record.urn,
                    );
                }
            }
        }
    },
};
