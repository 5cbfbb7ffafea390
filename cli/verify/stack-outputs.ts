/**
 * Identities in `pulumi stack output --json`: every ses-guard component outputs a check target
 * (records/check-target.ts), found here wherever it sits in the outputs (nested in objects or arrays).
 */
import { UsageError } from "../usage-error";
import { isCheckTarget, isRegionName } from "../../records";
import { VerifyTarget } from "../../check/verify-target";

/** Every check target found anywhere inside parsed stack outputs, in document order. */
export function targetsFromStackOutputs(outputs: unknown, source: string): VerifyTarget[] {
    const found: VerifyTarget[] = [];
    const seen = new Set<unknown>();
    const walk = (value: unknown): void => {
        if (typeof value !== "object" || value === null || seen.has(value)) return;
        seen.add(value);
        if (isCheckTarget(value)) {
            if (!isRegionName(value.region)) {
                throw new UsageError(`${source}: identity ${value.identity} has region '${value.region}', which is not an AWS region name`);
            }
            found.push({
                identity: value.identity,
                region: value.region,
                configurationSetName: nonEmpty(value.configurationSetName),
                mailFromDomain: nonEmpty(value.mailFromDomain),
                source,
            });
            return;
        }
        for (const child of Array.isArray(value) ? value : Object.values(value)) walk(child);
    };
    walk(outputs);
    return found;
}

function nonEmpty(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
}
