/**
 * The `checkTarget` output of both components: what `ses-guard verify` needs to find and judge the identity
 * (records/check-target.ts holds the contract).
 */
import * as pulumi from "@pulumi/pulumi";
import { CHECK_TARGET_MARKER, CheckTarget } from "../records";

/**
 * A {@link CheckTarget} whose computed fields stay outputs of their own: a secret configuration set (from
 * `config.requireSecret`) keeps only that field secret, so `pulumi stack output --json` still names the identity
 * and its region. One output of the whole object would be secret as a whole and print as `"[secret]"`.
 */
export interface CheckTargetOutput {
    /** Always {@link CHECK_TARGET_MARKER}. */
    sesGuard: CheckTarget["sesGuard"];
    /** The identity: a domain or an email address. */
    identity: string;
    /** The identity's region. */
    region: pulumi.Output<string>;
    /** The default configuration set the identity must carry; resolves to undefined (and is left out) when none. */
    configurationSetName: pulumi.Output<string | undefined>;
    /** The custom MAIL FROM domain, when one is set. */
    mailFromDomain?: string;
}

/** The check target of an identity, leaving out what is not set. */
export function checkTarget(
    identity: string,
    region: pulumi.Input<string>,
    configurationSetName: pulumi.Input<string | undefined>,
    mailFromDomain: string | undefined,
): CheckTargetOutput {
    const target: CheckTargetOutput = {
        sesGuard: CHECK_TARGET_MARKER,
        identity,
        region: pulumi.output(region),
        configurationSetName: pulumi.output(configurationSetName),
    };
    if (mailFromDomain !== undefined) target.mailFromDomain = mailFromDomain;
    return target;
}
