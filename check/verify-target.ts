/**
 * What `ses-guard verify` checks: one identity in one region, with what is expected of it, and where the
 * user named it (for error messages and reports).
 */

import { identityKind } from "../records";

/** One identity to verify. */
export interface VerifyTarget {
    /** A domain or an email address, as the user or the stack named it. */
    identity: string;
    /** The AWS region; undefined until the command assigns `--region` or the default region. */
    region?: string;
    /** The default configuration set the identity must carry, when known. */
    configurationSetName?: string;
    /** The custom MAIL FROM domain expected on the identity, when known. */
    mailFromDomain?: string;
    /** Where the identity came from: `--identity`, a file name, `stdin` or `--all`. */
    source: string;
    /**
     * Why the input naming or describing this identity cannot be read (a secret shown as `[secret]` or
     * encrypted): the identity is then an error, never skipped and never checked with part of its expectations.
     */
    unreadable?: string;
}

/** A target once its region is known. */
export type RegionalTarget = VerifyTarget & { region: string };

/**
 * The key naming one SES identity, as SES compares names: a domain in lower case, an email address exactly
 * as written. SES's developer guide (Verifying email addresses in Amazon SES,
 * https://docs.aws.amazon.com/ses/latest/DeveloperGuide/verify-email-addresses.html): "The entire email address
 * is case-sensitive ... (Domain verification, however, is case-insensitive.)"
 */
export function identityKey(identity: string): string {
    return identityKind(identity) === "domain" ? identity.toLowerCase() : identity;
}

/** The key that identifies a target: region and {@link identityKey}. */
export function targetKey(region: string, identity: string): string {
    return `${region}|${identityKey(identity)}`;
}

/**
 * Merges targets naming the same identity in the same region: expectations given by any source are kept, so
 * an identity named twice is checked (and called for) once.
 */
export function dedupeTargets(targets: readonly VerifyTarget[]): VerifyTarget[] {
    const byKey = new Map<string, VerifyTarget>();
    for (const t of targets) {
        const key = targetKey(t.region ?? "", t.identity);
        const seen = byKey.get(key);
        if (seen === undefined) byKey.set(key, { ...t });
        else {
            seen.configurationSetName ??= t.configurationSetName;
            seen.mailFromDomain ??= t.mailFromDomain;
            seen.unreadable ??= t.unreadable;
        }
    }
    return [...byKey.values()];
}
