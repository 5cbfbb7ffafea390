/**
 * Finding the records an identity needs among the stack's DNS records. A record serves an expected record
 * when its type, name and value are known and match; while its name or value (or the expected one) is
 * unknown, it serves when its name or value property depends on one of the expected record's anchors (the
 * identity, its DomainDkim, its MAIL FROM setting) and every known part still fits.
 */
import { PolicyResource } from "@pulumi/policy";
import { dnsNameMatches, isSameOrSubdomain, recordValueMatches } from "../../records";
import { DnsRecord, qualifiedRecordName } from "./dns/dns-record";
import { ExpectedRecord } from "./expected-records";
import { byUrn, StackModel } from "./stack-model";
import { isKnown, knownStrings } from "./values";

/** Which expected records were found (and by which DNS record) and which are missing. */
export interface MatchResult {
    /** Expected record to the DNS record that serves it. */
    found: Map<ExpectedRecord, DnsRecord>;
    /** Expected records no DNS record serves. */
    missing: ExpectedRecord[];
    /** Records that would serve a missing record but are in a private hosted zone, which SES cannot see. */
    inPrivateZones: DnsRecord[];
}

/** True when a record's known name ends with `suffix` (qualified when its zone is known). */
function nameFitsSuffix(record: DnsRecord, name: string, suffix: string): boolean {
    const n = qualifiedRecordName(record, name);
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

/** True when `record` can be `expected` (see the module comment); a record in a private zone is judged like any other. */
function recordServes(record: DnsRecord, expected: ExpectedRecord, model: StackModel): boolean {
    if (isKnown(record.type) && record.type !== expected.type) return false;
    if (!zoneCanHold(record, expected)) return false;
    let needsLink = !isKnown(record.type);
    if (isKnown(record.name)) {
        if (expected.name !== undefined) {
            if (!dnsNameMatches(record.name, expected.name, record.zone)) return false;
        } else {
            if (expected.nameSuffix !== undefined && !nameFitsSuffix(record, record.name, expected.nameSuffix)) return false;
            needsLink = true;
        }
    } else {
        needsLink = true;
    }
    const { values, anyUnknown } = knownStrings(record.values);
    const accepts = expected.accepts;
    const value = expected.value;
    if (accepts !== undefined || value !== undefined) {
        const ok = values.some((v) => (accepts !== undefined ? accepts(v) : recordValueMatches(expected.type, v, value as string)));
        if (!ok) {
            if (!anyUnknown) return false;
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
    private readonly holders = new Map<DnsRecord, PolicyResource>();

    constructor(private readonly model: StackModel) {}

    /** True when `record` may serve `identity`: it depends on fewer than two identities, or `identity` holds it (now). */
    claim(record: DnsRecord, identity: PolicyResource): boolean {
        if (this.model.identitiesOfRecord(record).length < 2) return true;
        const holder = this.holders.get(record);
        if (holder === undefined) this.holders.set(record, identity);
        return holder === undefined || holder === identity;
    }
}

/** The identity records are matched for, and the claims of the run that matches them. */
export interface RecordOwner {
    identity: PolicyResource;
    claims: RecordClaims;
}

/**
 * Finds a distinct DNS record for each expected record; records are looked up by name, then by dependency.
 * With `owner` (the identity the records verify), a record whose name is unknown and that depends on several
 * identities counts for only one of them ({@link RecordClaims}).
 */
export function matchRecords(expected: readonly ExpectedRecord[], model: StackModel, owner?: RecordOwner): MatchResult {
    const found = new Map<ExpectedRecord, DnsRecord>();
    const missing: ExpectedRecord[] = [];
    const inPrivateZones = new Set<DnsRecord>();
    const used = new Set<DnsRecord>();
    const ordered = [...expected].sort((a, b) => Number(a.name === undefined) - Number(b.name === undefined));
    for (const e of ordered) {
        const byName = e.name !== undefined ? model.dns.named(e.name) : [];
        const pick = (candidates: readonly DnsRecord[]) =>
            candidates.find(
                (r) =>
                    !used.has(r) &&
                    !r.privateZone &&
                    recordServes(r, e, model) &&
                    (owner === undefined || isKnown(r.name) || owner.claims.claim(r, owner.identity)),
            );
        const record = pick(byName) ?? pick(model.linkedRecords(e.anchors));
        if (record === undefined) {
            missing.push(e);
            for (const r of [...byName, ...model.linkedRecords(e.anchors)]) if (r.privateZone && recordServes(r, e, model)) inPrivateZones.add(r);
        } else {
            used.add(record);
            found.set(e, record);
        }
    }
    missing.sort((a, b) => expected.indexOf(a) - expected.indexOf(b));
    // By URN: the engine sends resources in no particular order, and the message must not depend on it.
    return { found, missing, inPrivateZones: [...inPrivateZones].sort((a, b) => byUrn(a.resource, b.resource)) };
}

/** A hint about records that carry an expected name but do not serve it (wrong type or value). */
export function nearMisses(expected: ExpectedRecord, model: StackModel): string | undefined {
    if (expected.name === undefined) return undefined;
    const same = model.dns.named(expected.name);
    if (same.length === 0) return undefined;
    const shown = same.slice(0, 3).map((r) => {
        const { values, anyUnknown } = knownStrings(r.values);
        const type = isKnown(r.type) ? r.type : "(type unknown)";
        const value = anyUnknown ? "(value unknown, and it does not depend on the identity)" : values.map((v) => `'${v}'`).join(", ") || "(no value)";
        return `${r.provider} record '${r.resource.name}' has this name but is ${type} ${value}`;
    });
    return shown.join("; ");
}

/** The message line for records not counted because they are in a private hosted zone, or undefined. */
export function privateZoneNote(result: MatchResult): string | undefined {
    if (result.inPrivateZones.length === 0) return undefined;
    const shown = result.inPrivateZones.slice(0, 3).map((r) => `${r.provider} record '${r.resource.name}' (zone ${r.zone ?? "unknown"})`);
    const more = result.inPrivateZones.length > 3 ? ` and ${result.inPrivateZones.length - 3} more` : "";
    return (
        `Not counted: ${shown.join(", ")}${more} ${result.inPrivateZones.length === 1 ? "is" : "are"} in a private hosted zone (a zone ` +
        "with vpcs), which only its VPCs can query; SES looks records up in public DNS, so put them in the domain's public zone."
    );
}
