/**
 * Which DNS records an SES identity needs: the one assembly. {@link identityRecords} takes an identity's spec,
 * any input of which may be {@link OPEN} (the DKIM tokens before SES issues them, the region before a provider
 * reports it, a BYODKIM public key SES never returns), and gives every record with its open parts marked. The
 * components create these records, the policies demand them and the post-deploy check explains which are
 * missing; each renders or matches the open parts as it needs. Pure functions, no I/O.
 */
import { normalizeDnsName } from "./dns-names";
import {
    DmarcOptions,
    EASY_DKIM_TOKEN_COUNT,
    MAIL_FROM_SPF_VALUE,
    RecordPurpose,
    RecordType,
    RequiredRecord,
    dkimNameText,
    dkimValueText,
    dkimZonePiece,
    dmarcNameText,
    dmarcValue,
    mailFromMxText,
    v1VerificationNameText,
} from "./identity-records";
import { Knowable, OPEN, Open, OpenPart, RecordText, TextPiece, isOpen, knownText, openParts, piece, renderText } from "./record-text";

/** Easy DKIM: the tokens SES issues (each, or all of them, possibly open). */
export interface EasyDkimSpec {
    kind: "easy";
    /** The tokens; {@link OPEN} for all {@link EASY_DKIM_TOKEN_COUNT} of them before SES issues any. */
    tokens: Knowable<readonly Knowable<string>[]>;
    /** The zone SES reports it signs in (`DkimAttributes.SigningHostedZone`). @default the DKIM domain of the region */
    signingZone?: string;
}

/** BYODKIM: the selector(s) SES signs under and the public key that matches the private key. */
export interface ByoDkimSpec {
    kind: "byodkim";
    /** The selectors, one TXT record each (SES reports one, as `DkimAttributes.Tokens`). */
    selectors: readonly Knowable<string>[];
    /** The public key as base64 DER (what `p=` carries). */
    publicKey: Knowable<string>;
}

/** Everything that decides which records an identity needs; each input may be {@link OPEN}. */
export interface IdentitySpec {
    /** The identity's domain (an address's domain), e.g. `example.com`; only records of a domain identity use it. */
    domain: Knowable<string>;
    /** The identity's AWS region (decides the Easy DKIM zone and the MAIL FROM MX host). */
    region: Knowable<string>;
    /** Domain identities: how SES signs. @default no DKIM record */
    dkim?: EasyDkimSpec | ByoDkimSpec;
    /** SES v1 domain identities: the `_amazonses` verification token. @default no verification TXT record */
    verificationToken?: Knowable<string>;
    /** A custom MAIL FROM domain (a subdomain of the domain). @default no MAIL FROM records */
    mailFromDomain?: Knowable<string>;
    /** Domain identities: publish (or advise) a DMARC record with these settings. @default no DMARC record */
    dmarc?: DmarcOptions;
}

/** One record an identity needs, its name and value as text whose parts may be open. */
export interface IdentityRecord {
    /** What the record is for. */
    purpose: RecordPurpose;
    /** Record type (known whatever is open). */
    type: RecordType;
    /** Fully qualified, lower case, no trailing dot, once known. */
    name: RecordText;
    /** The value as DNS serves it: TXT unquoted and unsplit, MX as `<priority> <host>`. */
    value: RecordText;
    /** True when SES cannot verify or send without it; false for advice (DMARC). */
    required: boolean;
}

/** One record; required unless it is advice. */
function record(purpose: RecordPurpose, type: RecordType, name: RecordText, value: RecordText, required = true): IdentityRecord {
    return { purpose, type, name, value, required };
}

/** The DKIM records: a BYODKIM TXT per selector, or an Easy DKIM CNAME per token (three open ones before SES issues them). */
function dkimRecords(domain: TextPiece, region: Knowable<string>, dkim: EasyDkimSpec | ByoDkimSpec): IdentityRecord[] {
    if (dkim.kind === "byodkim") {
        const value: RecordText = ["p=", piece(dkim.publicKey, { part: "public-key" })];
        return dkim.selectors.map((selector, index) =>
            record("byodkim", "TXT", dkimNameText(piece(selector, { part: "dkim-selector", index }), domain), value),
        );
    }
    const zone = dkimZonePiece(region, dkim.signingZone);
    const tokens = isOpen(dkim.tokens) ? new Array<Open>(EASY_DKIM_TOKEN_COUNT).fill(OPEN) : dkim.tokens;
    return tokens.map((token, index) => {
        const t = piece(token, { part: "dkim-token", index });
        return record("easy-dkim", "CNAME", dkimNameText(t, domain), dkimValueText(t, zone));
    });
}

/**
 * Every record an identity needs (and the advised DMARC record when `dmarc` is given), in a stable order: the v1
 * verification TXT, the DKIM records, the MAIL FROM MX and SPF TXT, DMARC.
 */
export function identityRecords(spec: IdentitySpec): IdentityRecord[] {
    const domain = piece(spec.domain, { part: "domain" }, normalizeDnsName);
    let records: IdentityRecord[] = [];
    if (spec.verificationToken !== undefined) {
        records.push(record("v1-verification", "TXT", v1VerificationNameText(domain), [piece(spec.verificationToken, { part: "verification-token" })]));
    }
    if (spec.dkim !== undefined) records = records.concat(dkimRecords(domain, spec.region, spec.dkim));
    if (spec.mailFromDomain !== undefined) {
        const name = [piece(spec.mailFromDomain, { part: "mail-from-domain" }, normalizeDnsName)];
        records.push(
            record("mail-from-mx", "MX", name, mailFromMxText(piece(spec.region, { part: "region" }))),
            record("mail-from-spf", "TXT", name, [MAIL_FROM_SPF_VALUE]),
        );
    }
    if (spec.dmarc !== undefined) records.push(record("dmarc", "TXT", dmarcNameText(domain), [dmarcValue(spec.dmarc)], false));
    return records;
}

/** The open parts of a record, its name's first. */
export function recordOpenParts(r: IdentityRecord): OpenPart[] {
    return [...openParts(r.name), ...openParts(r.value)];
}

/** `r` as a {@link RequiredRecord} when every part of it is known, else undefined. */
export function knownRecord(r: IdentityRecord): RequiredRecord | undefined {
    const name = knownText(r.name);
    const value = knownText(r.value);
    if (name === undefined || value === undefined) return undefined;
    return { purpose: r.purpose, name, type: r.type, value, required: r.required };
}

/** `r` as a {@link RequiredRecord} with each open part written as `render` says (for a report). */
export function renderRecord(r: IdentityRecord, render: (part: OpenPart) => string): RequiredRecord {
    return { purpose: r.purpose, name: renderText(r.name, render), type: r.type, value: renderText(r.value, render), required: r.required };
}

/** `r` as a {@link RequiredRecord}; throws, naming the open parts, when it has any (its spec lacks an input it needs). */
export function requireKnownRecord(r: IdentityRecord): RequiredRecord {
    const known = knownRecord(r);
    if (known === undefined)
        throw new Error(
            `the ${r.purpose} record has open parts (${recordOpenParts(r)
                .map((p) => p.part)
                .join(", ")}); give the spec those inputs`,
        );
    return known;
}

/** {@link identityRecords} of a spec that gives every input its records use, as {@link RequiredRecord}s. */
export function knownIdentityRecords(spec: IdentitySpec): RequiredRecord[] {
    return identityRecords(spec).map(requireKnownRecord);
}

/** The three (or however many SES issued) Easy DKIM CNAMEs of `domain` in `region` (or in SES's reported `signingZone`). */
export function easyDkimRecords(domain: string, tokens: readonly string[], region: string, signingZone?: string): RequiredRecord[] {
    return knownIdentityRecords({ domain, region, dkim: { kind: "easy", tokens, signingZone } });
}

/** The BYODKIM TXT record: `<selector>._domainkey.<domain>` = `p=<public key, base64 DER>`. */
export function byoDkimRecord(domain: string, selector: string, publicKeyBase64: string): RequiredRecord {
    return knownIdentityRecords({ domain, region: OPEN, dkim: { kind: "byodkim", selectors: [selector], publicKey: publicKeyBase64 } })[0];
}

/** The SES v1 domain verification TXT record carrying `verificationToken`. */
export function v1VerificationRecord(domain: string, verificationToken: string): RequiredRecord {
    return knownIdentityRecords({ domain, region: OPEN, verificationToken })[0];
}

/** The MX and SPF TXT records a custom MAIL FROM domain needs in `region`. */
export function mailFromRecords(mailFromDomain: string, region: string): RequiredRecord[] {
    return knownIdentityRecords({ domain: OPEN, region, mailFromDomain });
}

/** The advised DMARC TXT record of `domain`. */
export function dmarcRecord(domain: string, options: DmarcOptions = {}): RequiredRecord {
    return knownIdentityRecords({ domain, region: OPEN, dmarc: options })[0];
}
