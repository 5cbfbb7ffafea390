/**
 * Identities in `pulumi stack output --json`: every ses-guard component outputs a check target
 * (records/check-target.ts), found here wherever it sits in the outputs (nested in objects or arrays), its
 * identity and region validated like `--identity`.
 *
 * Without `--show-secrets` Pulumi prints every secret as the string `"[secret]"`. Such a string where a check
 * target may be (a top-level output, a `checkTarget` key, a field of a check target) can hide an identity,
 * so it becomes an identity in error, never a silent skip; so does a secret envelope whose value is encrypted there.
 * A check target passed through JSON.stringify, or in a secret envelope with its plaintext, is read as the object
 * it holds. An object tagged like a check target in a form this ses-guard does not read (another version's tag,
 * other letter case) is an error that says which ses-guard reads it.
 */
import { UsageError } from "../usage-error";
import { printable } from "../../check/printable";
import { CHECK_TARGET_MARKER, isCheckTarget, isRegionName } from "../../records";
import { VerifyTarget } from "../../check/verify-target";
import { identityProblem } from "./identity-arguments";
import { packageVersion } from "../package-version";
import { isObject, SECRET_SIG, UNKNOWN } from "../../state/wire";

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
    const error = (why: string, identity = SECRET_PLACEHOLDER) => found.push({ identity, source, unreadable: why });
    const hidden = (path: string) => error(`output ${path} is ${SECRET_PLACEHOLDER} and may be an identity's checkTarget; ${SHOW_SECRETS}`);
    const walk = (value: unknown, path: string, mayBeTarget: boolean): void => {
        if (typeof value === "string") {
            if (value === SECRET_PLACEHOLDER && mayBeTarget) return void hidden(path);
            // A checkTarget passed through JSON.stringify: read the object it holds.
            if (/^\s*[[{]/.test(value) && MARKER_TEXT.test(value)) {
                let parsed: unknown;
                try {
                    parsed = JSON.parse(value);
                } catch {
                    return void error(
                        `output ${path} is a string that mentions ${CHECK_TARGET_MARKER} but is not valid JSON; ${EXPORT_AS_IS}`,
                        `[unreadable] (${path})`,
                    );
                }
                return walk(parsed, `${path} (a JSON string)`, true);
            }
            return;
        }
        if (typeof value !== "object" || value === null || seen.has(value)) return;
        seen.add(value);
        const v = value as Record<string, unknown>;
        if (v[SECRET_SIG] !== undefined) return secretEnvelope(v, path, mayBeTarget);
        if (v.sesGuard === CHECK_TARGET_MARKER) return void found.push(checkTarget(v, path, source));
        const tag = otherTag(v);
        if (tag !== undefined) {
            const identity = typeof v.identity === "string" ? v.identity : `[unreadable] (${path})`;
            return void error(`the object at ${path} is tagged ${tag}`, identity);
        }
        // Every element of a list that holds check targets (or may be one) may be one too.
        const list = Array.isArray(value) && (mayBeTarget || value.some((c) => isObject(c) && c.sesGuard === CHECK_TARGET_MARKER));
        for (const [key, child] of Array.isArray(value) ? value.map((c, i) => [String(i), c] as const) : Object.entries(v)) {
            walk(child, path === "" ? key : `${path}.${key}`, key === "checkTarget" || list);
        }
    };
    /** A secret in its envelope: its plaintext is read like any value; an encrypted one may hide a target. */
    const secretEnvelope = (v: Record<string, unknown>, path: string, mayBeTarget: boolean): void => {
        if ("value" in v && v.value !== UNKNOWN) return walk(v.value, path, mayBeTarget);
        if (typeof v.plaintext === "string") {
            try {
                return walk(JSON.parse(v.plaintext), path, mayBeTarget);
            } catch {
                return void error(`output ${path} is a secret whose plaintext is not JSON; ${SHOW_SECRETS}`);
            }
        }
        if (mayBeTarget) error(`output ${path} is an encrypted secret and may be an identity's checkTarget; ${SHOW_SECRETS}`);
    };
    if (typeof outputs === "object" && outputs !== null && !Array.isArray(outputs)) {
        for (const [key, child] of Object.entries(outputs)) walk(child, key, true);
    } else walk(outputs, "(the outputs)", true);
    return found;
}

/** Text that mentions the check target tag, in any letter case. */
const MARKER_TEXT = /ses-guard\/identity/i;

/** The advice for a check target in a form this ses-guard does not read. */
const EXPORT_AS_IS = "export the component's checkTarget output as it is (not through JSON.stringify or an edit)";

/**
 * How an object is tagged when it carries a ses-guard tag other than {@link CHECK_TARGET_MARKER} under `sesGuard`
 * (another version's tag, the tag or its key in other letter case), said with which ses-guard reads it; else undefined.
 */
function otherTag(v: Record<string, unknown>): string | undefined {
    for (const [key, tag] of Object.entries(v)) {
        if (key.toLowerCase() !== "sesguard" || typeof tag !== "string" || !/^\s*ses-guard\//i.test(tag)) continue;
        const version = /^ses-guard\/identity\/v(\d+)$/i.exec(tag.trim());
        const reads = `this ses-guard (${packageVersion()}) reads only {"sesGuard": "${CHECK_TARGET_MARKER}"}`;
        if (version !== null && Number(version[1]) > 1) {
            return `${JSON.stringify(tag)}, a check target format of a newer ses-guard than this one: ${reads}. Run verify with the ses-guard the program uses (npx ses-guard@<its version> verify), or upgrade this one`;
        }
        return `{${JSON.stringify(key)}: ${JSON.stringify(tag)}}, which no ses-guard writes: ${reads}, exactly as its components output it`;
    }
    return undefined;
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
    if (problem !== undefined)
        throw new UsageError(`${printable(source)}: the checkTarget at ${printable(path)} names the identity '${printable(v.identity)}': ${problem}`);
    if (!isRegionName(v.region))
        throw new UsageError(`${printable(source)}: identity ${printable(v.identity)} has region '${printable(v.region)}', which is not an AWS region name`);
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
