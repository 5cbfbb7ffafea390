/**
 * Identities in `pulumi stack output --json`: every ses-guard component outputs a check target
 * (records/check-target.ts), found here wherever it sits in the outputs (nested in objects or arrays), its
 * identity and region validated like `--identity`.
 *
 * Without `--show-secrets` Pulumi prints every secret as the string `"[secret]"`. Such a string where a check
 * target may be (a top-level output, a `checkTarget` key, a field of a check target) can hide an identity,
 * so it becomes an identity in error, never a silent skip.
 */
import { UsageError } from "../usage-error";
import { CHECK_TARGET_MARKER, isCheckTarget, isRegionName } from "../../records";
import { VerifyTarget } from "../../check/verify-target";
import { identityProblem } from "./identity-arguments";

/** How `pulumi stack output --json` prints a secret it does not show. */
export const SECRET_PLACEHOLDER = "[secret]";

/** The advice every unreadable secret gets. */
const SHOW_SECRETS = "run `pulumi stack output --json --show-secrets` instead";

/** The check target fields a secret may hide. */
const TARGET_FIELDS = ["identity", "region", "configurationSetName", "mailFromDomain"] as const;

/** Every check target found anywhere inside parsed stack outputs, in document order. */
export function targetsFromStackOutputs(outputs: unknown, source: string): VerifyTarget[] {
    const found: VerifyTarget[] = [];
    const seen = new Set<unknown>();
    const hidden = (path: string) =>
        found.push({
            identity: SECRET_PLACEHOLDER,
            source,
            unreadable: `output ${path} is ${SECRET_PLACEHOLDER} and may be an identity's checkTarget; ${SHOW_SECRETS}`,
        });
    const walk = (value: unknown, path: string, mayBeTarget: boolean): void => {
        if (value === SECRET_PLACEHOLDER && mayBeTarget) return void hidden(path);
        if (typeof value !== "object" || value === null || seen.has(value)) return;
        seen.add(value);
        const v = value as Record<string, unknown>;
        if (v.sesGuard === CHECK_TARGET_MARKER) return void found.push(checkTarget(v, path, source));
        for (const [key, child] of Array.isArray(value) ? value.map((c, i) => [String(i), c] as const) : Object.entries(v)) {
            walk(child, path === "" ? key : `${path}.${key}`, key === "checkTarget");
        }
    };
    if (typeof outputs === "object" && outputs !== null && !Array.isArray(outputs)) {
        for (const [key, child] of Object.entries(outputs)) walk(child, key, true);
    } else walk(outputs, "(the outputs)", true);
    return found;
}

/** The target a marked object describes: secret fields make it unreadable; bad names and regions are usage errors. */
function checkTarget(v: Record<string, unknown>, path: string, source: string): VerifyTarget {
    const secret = TARGET_FIELDS.filter((f) => v[f] === SECRET_PLACEHOLDER);
    const identity = typeof v.identity === "string" ? v.identity : undefined;
    if (secret.length > 0) {
        return {
            identity: identity ?? SECRET_PLACEHOLDER,
            region: typeof v.region === "string" && v.region !== SECRET_PLACEHOLDER ? v.region : undefined,
            source,
            unreadable: `the checkTarget at ${path} has ${secret.join(" and ")} ${SECRET_PLACEHOLDER}, so it cannot be checked as the stack expects; ${SHOW_SECRETS}`,
        };
    }
    if (!isCheckTarget(v))
        throw new UsageError(`${source}: the checkTarget at ${path} lacks its identity or region; export the component's checkTarget output as it is`);
    const problem = identityProblem(v.identity);
    if (problem !== undefined) throw new UsageError(`${source}: the checkTarget at ${path} names the identity '${v.identity}': ${problem}`);
    if (!isRegionName(v.region)) throw new UsageError(`${source}: identity ${v.identity} has region '${v.region}', which is not an AWS region name`);
    return {
        identity: v.identity,
        region: v.region,
        configurationSetName: nonEmpty(v.configurationSetName),
        mailFromDomain: nonEmpty(v.mailFromDomain),
        source,
    };
}

function nonEmpty(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
}
