/**
 * Matching a record whose region cannot be known (no region on the identity, its provider or the stack: the deploy
 * takes it from AWS_REGION or a profile): its region-dependent parts may be those of any region.
 */
import { escapeRegExp } from "../escape-regexp";
import { GLOBAL_DKIM_DOMAIN, REGION_NAME_SOURCE } from "./dkim-domains";
import { openParts, type RecordText } from "./record-text";

/** What an open region part may read as: a region name, or the DKIM domain of some region. */
const REGIONAL: Readonly<Record<string, string>> = {
    region: REGION_NAME_SOURCE,
    "dkim-domain": `(?:${escapeRegExp(GLOBAL_DKIM_DOMAIN)}|dkim\\.${REGION_NAME_SOURCE}\\.amazonses\\.com)`,
};

/** True when `text` is open only in its region: its region or DKIM domain, and nothing else. */
export function isOpenOnlyInRegion(text: RecordText): boolean {
    const open = openParts(text);
    return open.length > 0 && open.every((p) => p.part in REGIONAL);
}

/**
 * True when `value` is `text` with each open region part read as some region's (`text` open only in its region,
 * see {@link isOpenOnlyInRegion}): `abc.dkim.eu-south-1.amazonses.com` for `abc.<DKIM domain>`. DNS spelling is
 * forgiven as elsewhere: letter case, a trailing dot, runs of white space.
 * @example matchesInSomeRegion(["10 feedback-smtp.", { part: "region" }, ".amazonses.com"], "10 feedback-smtp.us-east-1.amazonses.com.") // true
 */
export function matchesInSomeRegion(text: RecordText, value: string): boolean {
    let pattern = "";
    for (const piece of text) {
        if (typeof piece === "string") pattern += escapeRegExp(piece.toLowerCase());
        else if (piece.part in REGIONAL) pattern += REGIONAL[piece.part];
        else return false;
    }
    const spelt = value.trim().toLowerCase().replace(/\s+/g, " ").replace(/\.$/, "");
    return new RegExp(`^${pattern}$`).test(spelt);
}
