/**
 * What `ses-guard verify` checks: one identity in one region, with what is expected of it, and where the
 * user named it (for error messages and reports).
 */

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
}

/** A target once its region is known. */
export type RegionalTarget = VerifyTarget & { region: string };

/** The key that identifies a target: region and lower-case identity. */
export function targetKey(region: string, identity: string): string {
    return `${region}|${identity.toLowerCase()}`;
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
        }
    }
    return [...byKey.values()];
}
