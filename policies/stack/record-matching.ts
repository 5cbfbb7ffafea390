/**
 * Finding the records an identity needs among the stack's DNS records. A record serves an expected record
 * when its type, name and value are known and match; while its name or value (or the expected one) is
 * unknown, it serves when its name or value property depends on one of the expected record's anchors (the
 * identity, its DomainDkim, its MAIL FROM setting) and every known part still fits.
 */
import { RecordType, isSameOrSubdomain, qualifiedNameMatches, recordValueMatches } from "../../records";
import { DnsRecord } from "./dns/dns-record";
import { ExpectedRecord } from "./expected-records";
import { ResourceRef, byUrn } from "./resource-ref";
import { StackModel } from "./stack-model";
import { isKnown } from "./values";

/** Which expected records were found (and by which DNS record) and which are missing. */
export interface MatchResult {
    /** Expected record to the DNS record that serves it. */
    found: Map<ExpectedRecord, DnsRecord>;
    /** Expected records no DNS record serves. */
    missing: ExpectedRecord[];
    /** Records that would serve a missing record but are in a private hosted zone, which SES cannot see. */
    inPrivateZones: DnsRecord[];
}

/** True when a record's known name (`n`, qualified when its zone is known) ends with `suffix`. */
function nameFitsSuffix(record: DnsRecord, n: string, suffix: string): boolean {
    if (n.endsWith(`.${suffix}`)) return true;
    if (record.zone !== undefined) return false;
    const rest = n.slice(n.indexOf(".") + 1);
    return n.includes(".") && (rest === suffix || suffix.startsWith(`${rest}.`));
}

/**
 * True when the record's zone (known in preview too: its zone resource's `name`) can hold the expected name:
 * the name, or the known tail of it, is the zone or below it. A zone for another domain, or a child zone below
 * the identity's domain, can never serve it, whatever the record's (unknown) name turns out to be.
 */
function zoneCanHold(record: DnsRecord, expected: ExpectedRecord): boolean {
    if (record.zone === undefined) return true;
    const tail = expected.name ?? expected.nameSuffix;
    return tail === undefined || isSameOrSubdomain(tail, record.zone);
}

/** True when one of `values` passes `accepts`, or else matches `value` (one of the two is given). */
function someValueFits(values: readonly string[], type: RecordType, accepts: ((v: string) => boolean) | undefined, value: string | undefined): boolean {
    for (const v of values) if (accepts !== undefined ? accepts(v) : recordValueMatches(type, v, value as string)) return true;
    return false;
}

/** True when `record` can be `expected` (see the module comment); a record in a private zone is judged like any other. */
function recordServes(record: DnsRecord, expected: ExpectedRecord, model: StackModel): boolean {
    if (isKnown(record.type) && record.type !== expected.type) return false;
    if (!zoneCanHold(record, expected)) return false;
    let needsLink = !isKnown(record.type);
    const name = record.qualifiedName;
    if (name !== undefined) {
        if (expected.name !== undefined) {
            if (!qualifiedNameMatches(name, expected.name, record.zone !== undefined)) return false;
        } else {
            if (expected.nameSuffix !== undefined && !nameFitsSuffix(record, name, expected.nameSuffix)) return false;
            needsLink = true;
        }
    } else {
        needsLink = true;
    }
    const accepts = expected.accepts;
    const value = expected.value;
    if (accepts !== undefined || value !== undefined) {
        if (!someValueFits(record.knownValues, expected.type, accepts, value)) {
            if (!record.valuesUnknown) return false;
            needsLink = true;
        }
    } else {
        needsLink = true;
    }
    return !needsLink || model.linked(record, expected.anchors);
}

/**
 * Which identity each shared record verifies, within one policy's run: a record tied to identities by
 * dependency alone (its name unknown) that depends on several of them (one \`pulumi.all\` over two identities'
 * tokens) is one record, and verifies at most one of them, the first to claim it. Kept per run, apart from the
 * stack model that the policies of a request share.
 */
export class RecordClaims {
    private readonly holders = new Map<DnsRecord, ResourceRef>();

    constructor(private readonly model: StackModel) {}

    /** True when `record` may serve `identity`: it depends on fewer than two identities, or `identity` holds it (now). */
    claim(record: DnsRecord, identity: ResourceRef): boolean {
        if (!this.model.linksSeveralIdentities(record)) return true;
        const holder = this.holders.get(record);
        if (holder === undefined) this.holders.set(record, identity);
        return holder === undefined || holder === identity;
    }
}

/** The identity records are matched for, and the claims of the run that matches them. */
export interface RecordOwner {
    identity: ResourceRef;
    claims: RecordClaims;
}

/**
 * Finds a distinct DNS record for each expected record; records are looked up by name, then by dependency.
 * With `owner` (the identity the records verify), a record whose name is unknown and that depends on several
 * identities counts for only one of them ({@link RecordClaims}).
 */
export function matchRecords(expected: readonly ExpectedRecord[], model: StackModel, owner?: RecordOwner): MatchResult {
    const found = new Map<ExpectedRecord, DnsRecord>();
    const taken: DnsRecord[] = [];
    const missing: ExpectedRecord[] = [];
    let inPrivateZones: Set<DnsRecord> | undefined;
    // Records found by name first, so that one found only by dependency cannot take another's record.
    const mixed = expected.some((e) => e.name === undefined) && expected.some((e) => e.name !== undefined);
    const ordered = mixed ? [...expected].sort((a, b) => Number(a.name === undefined) - Number(b.name === undefined)) : expected;
    for (const e of ordered) {
        const byName = e.name !== undefined ? model.dns.named(e.name) : [];
        const record = pick(byName, e, taken, model, owner) ?? pick(model.linkedRecords(e.anchors), e, taken, model, owner);
        if (record === undefined) {
            missing.push(e);
            for (const r of [...byName, ...model.linkedRecords(e.anchors)])
                if (r.privateZone && recordServes(r, e, model)) (inPrivateZones ??= new Set()).add(r);
        } else {
            found.set(e, record);
            taken.push(record);
        }
    }
    if (missing.length > 1) missing.sort((a, b) => expected.indexOf(a) - expected.indexOf(b));
    // By URN: the engine sends resources in no particular order, and the message must not depend on it.
    return { found, missing, inPrivateZones: inPrivateZones === undefined ? [] : [...inPrivateZones].sort(byUrn) };
}

/**
 * The first of `candidates` that serves `e` and is not `taken` by another expected record of the same match (a
 * match has a handful, so a list).
 */
function pick(
    candidates: readonly DnsRecord[],
    e: ExpectedRecord,
    taken: readonly DnsRecord[],
    model: StackModel,
    owner: RecordOwner | undefined,
): DnsRecord | undefined {
    for (const r of candidates) {
        if (r.privateZone || taken.includes(r) || !recordServes(r, e, model)) continue;
        if (owner === undefined || isKnown(r.name) || owner.claims.claim(r, owner.identity)) return r;
    }
    return undefined;
}

/** A hint about records that carry an expected name but do not serve it (wrong type or value). */
export function nearMisses(expected: ExpectedRecord, model: StackModel): string | undefined {
    if (expected.name === undefined) return undefined;
    const same = model.dns.named(expected.name);
    if (same.length === 0) return undefined;
    const shown = same.slice(0, 3).map((r) => {
        const type = isKnown(r.type) ? r.type : "(type unknown)";
        const value = r.valuesUnknown
            ? "(value unknown, and it does not depend on the identity)"
            : r.knownValues.map((v) => `'${v}'`).join(", ") || "(no value)";
        return `${r.provider} record '${r.resourceName}' has this name but is ${type} ${value}`;
    });
    return shown.join("; ");
}

/** The message line for records not counted because they are in a private hosted zone, or undefined. */
export function privateZoneNote(result: MatchResult): string | undefined {
    if (result.inPrivateZones.length === 0) return undefined;
    const shown = result.inPrivateZones.slice(0, 3).map((r) => `${r.provider} record '${r.resourceName}' (zone ${r.zone ?? "unknown"})`);
    const more = result.inPrivateZones.length > 3 ? ` and ${result.inPrivateZones.length - 3} more` : "";
    return (
        `Not counted: ${shown.join(", ")}${more} ${result.inPrivateZones.length === 1 ? "is" : "are"} in a private hosted zone (a zone ` +
        "with vpcs), which only its VPCs can query; SES looks records up in public DNS, so put them in the domain's public zone."
    );
}
