/**
 * The `checkTarget` output of both components: what `ses-guard verify` needs to find and judge the identity
 * (records/check-target.ts holds the contract).
 */
import * as pulumi from "@pulumi/pulumi";
import { CHECK_TARGET_MARKER, CheckTarget } from "../records";

/** The {@link CheckTarget} of an identity, leaving out what is not set. */
export function checkTarget(
    identity: string,
    region: pulumi.Input<string>,
    configurationSetName: pulumi.Input<string | undefined>,
    mailFromDomain: string | undefined,
): pulumi.Output<CheckTarget> {
    return pulumi.all([region, configurationSetName]).apply(([r, set]) => {
        const target: CheckTarget = { sesGuard: CHECK_TARGET_MARKER, identity, region: r };
        if (set !== undefined) target.configurationSetName = set;
        if (mailFromDomain !== undefined) target.mailFromDomain = mailFromDomain;
        return target;
    });
}
