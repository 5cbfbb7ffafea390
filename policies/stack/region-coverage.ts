/**
 * Which identities of a stack let an identity send in a given region: SES identities are regional, so a domain or
 * address verified in one region sends nothing in another ("To send email from the same domain or email address in
 * more than one AWS Region, you must create and verify a separate identity for each Region",
 * https://docs.aws.amazon.com/ses/latest/dg/creating-identities.html), and a domain identity covers its addresses
 * and subdomains.
 */
import { identityDomain } from "../../records";
import { SesIdentity, identityNameKey as identityKey } from "./identities";
import { UNKNOWN, isKnown } from "./values";

/** True when `identity` is, or may turn out to be, in `region`: its region is `region`, not known yet, or set by nothing the stack shows. */
function mayBeIn(identity: SesIdentity, region: string): boolean {
    const r = identity.region.region;
    return r === region || r === UNKNOWN || r === undefined;
}

/** The stack's identities indexed by name, to answer "does something let this identity send in region R?". */
export class RegionCoverage {
    private readonly byKey = new Map<string, SesIdentity[]>();
    /** Identities whose name is not known (yet): any of them may be the one a region needs. */
    private readonly unnamed: SesIdentity[] = [];

    /** Indexes `identities`. */
    constructor(identities: readonly SesIdentity[]) {
        for (const i of identities) {
            if (!isKnown(i.name)) {
                this.unnamed.push(i);
                continue;
            }
            const key = identityKey(i);
            if (key === undefined) continue;
            const list = this.byKey.get(key);
            if (list === undefined) this.byKey.set(key, [i]);
            else list.push(i);
        }
    }

    /**
     * True when an identity of the stack that may be in `region` is `identity` itself or a domain identity that
     * covers it (its domain or a parent), or is one whose name is not known yet: no verdict is drawn from a value
     * not known yet.
     */
    covered(identity: SesIdentity, region: string): boolean {
        if (this.unnamed.some((u) => mayBeIn(u, region))) return true;
        const key = identityKey(identity);
        if (key === undefined) return true;
        if ((this.byKey.get(key) ?? []).some((i) => mayBeIn(i, region))) return true;
        for (let name = identityDomain(key); ; name = name.slice(name.indexOf(".") + 1)) {
            if (name !== key && (this.byKey.get(name) ?? []).some((i) => i.kind === "domain" && mayBeIn(i, region))) return true;
            if (!name.includes(".")) return false;
        }
    }
}
