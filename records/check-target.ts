/**
 * The contract between the components and the post-deploy check: each component outputs one of these
 * (as `checkTarget`), and `ses-guard verify` finds them anywhere inside `pulumi stack output --json`.
 */

/** The marker value that tells the check an object in stack outputs is an identity to verify. */
export const CHECK_TARGET_MARKER = "ses-guard/identity";

/** What the post-deploy check needs to find and judge one identity. */
export interface CheckTarget {
    /** Always {@link CHECK_TARGET_MARKER}. */
    sesGuard: typeof CHECK_TARGET_MARKER;
    /** The identity: a domain or an email address. */
    identity: string;
    /** The AWS region the identity lives in. */
    region: string;
    /** The default configuration set the identity must carry, when one is expected. */
    configurationSetName?: string;
    /** The custom MAIL FROM domain, when one is set. */
    mailFromDomain?: string;
}

/** True when `value` (parsed JSON) is a {@link CheckTarget}. */
export function isCheckTarget(value: unknown): value is CheckTarget {
    if (typeof value !== "object" || value === null) return false;
    const v = value as Record<string, unknown>;
    return v.sesGuard === CHECK_TARGET_MARKER && typeof v.identity === "string" && typeof v.region === "string";
}
