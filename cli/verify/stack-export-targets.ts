/**
 * Identities in a `pulumi stack export` file: every SES identity resource (v2 EmailIdentity, v1
 * DomainIdentity and EmailIdentity) with its region (the resource's `region` input or its provider's) and
 * expectations (`configurationSetName`; a custom MAIL FROM domain from the MAIL FROM resources), names and
 * regions validated like `--identity`. Secrets exported with `--show-secrets` are read; an encrypted one that
 * names or describes an identity makes that identity an error (never skipped), and so does an identity resource
 * whose name is missing, empty, not a string or unknown and whose id (the identity, for all three types) does not
 * name it either. Parsing is state/stack-export.ts's; its errors are user errors as they are.
 */
import { CapturedResource } from "../../state/captured-resource";
import { isObject, SECRET_SIG, SECRET_VALUE_SIG, UNKNOWN } from "../../state/wire";
import { isRegionName } from "../../records";
import { UsageError } from "../usage-error";
import { identityProblem } from "./identity-arguments";
import { printable } from "../../check/printable";
import { readStackExport } from "../../state/stack-export";
import { SecretValues } from "../../state/secret-values";
import { targetKey, VerifyTarget } from "../../check/verify-target";
import { SESV2_EMAIL_IDENTITY, SES_DOMAIN_IDENTITY, SES_EMAIL_IDENTITY, SESV2_MAIL_FROM, SES_MAIL_FROM } from "../../state/resource-types";

/** Identity resource types and the property naming the identity. */
const IDENTITY_PROPERTY: Readonly<Record<string, string>> = {
    [SESV2_EMAIL_IDENTITY]: "emailIdentity",
    [SES_DOMAIN_IDENTITY]: "domain",
    [SES_EMAIL_IDENTITY]: "email",
};

/** MAIL FROM resource types and the property naming their identity. */
const MAIL_FROM_PROPERTY: Readonly<Record<string, string>> = {
    [SESV2_MAIL_FROM]: "emailIdentity",
    [SES_MAIL_FROM]: "domain",
};

/** The advice every unreadable secret gets. */
const SHOW_SECRETS = "give `pulumi stack export --show-secrets` instead";

/**
 * Every SES identity in parsed stack export JSON from `source`; one whose name or expectations are encrypted secrets
 * is unreadable. The export's secret values (exported with --show-secrets) are added to `secrets`, for the reports to
 * show as `[secret]`; this function's own errors already do.
 */
export function targetsFromStackExport(json: unknown, source: string, secrets = new SecretValues()): VerifyTarget[] {
    const resources = readStackExport(json, source);
    secrets.addResources(resources);
    try {
        return exportTargets(json, source, resources);
    } catch (err) {
        if (err instanceof UsageError) throw new UsageError(secrets.redact(err.message));
        throw err;
    }
}

function exportTargets(json: unknown, source: string, resources: CapturedResource[]): VerifyTarget[] {
    const ids = exportedIds(json);
    const mailFrom = new Map<string, Read>();
    const targets: VerifyTarget[] = [];
    for (const r of resources) {
        const property = MAIL_FROM_PROPERTY[r.type];
        if (!property) continue;
        const identity = read(r, property);
        const domain = read(r, "mailFromDomain");
        if (identity.encrypted)
            targets.push(unreadable(r, source, `its ${property} is an encrypted secret, so the identity whose MAIL FROM domain it sets is unknown`));
        else if (identity.value && (domain.value || domain.encrypted)) mailFrom.set(targetKey(regionOf(r).value ?? "", identity.value), domain);
    }
    for (const r of resources) {
        const property = IDENTITY_PROPERTY[r.type];
        if (!property) continue;
        const identity = read(r, property);
        const region = regionOf(r);
        if (identity.encrypted) {
            targets.push(unreadable(r, source, `its ${property} (the identity) is an encrypted secret`, region.value));
            continue;
        }
        // The provider sets each identity type's id to the identity's name: a resource known only by its id is still that identity.
        identity.value ??= ids.get(r.urn);
        if (!identity.value) {
            targets.push(
                unreadable(
                    r,
                    source,
                    `its ${property} (the identity) is ${describeMissing(r, property)} and its id names none`,
                    region.value,
                    "give the export of a stack whose last `pulumi up` finished (`pulumi stack export --show-secrets`), or name the identity with --identity",
                ),
            );
            continue;
        }
        const problem = identityProblem(identity.value);
        if (problem !== undefined)
            throw new UsageError(
                `${printable(source)}: resource ${printable(r.name)} (${r.type}) names the identity '${printable(identity.value)}': ${problem}`,
            );
        if (region.value !== undefined && !isRegionName(region.value)) {
            throw new UsageError(
                `${printable(source)}: resource ${printable(r.name)} (${r.type}) has region '${printable(region.value)}', which is not an AWS region name`,
            );
        }
        const configurationSet = read(r, "configurationSetName");
        const domain = mailFrom.get(targetKey(region.value ?? "", identity.value)) ?? {};
        const secret = [region.encrypted && "region", configurationSet.encrypted && "configurationSetName", domain.encrypted && "MAIL FROM domain"].filter(
            Boolean,
        );
        targets.push({
            identity: identity.value,
            region: region.value,
            configurationSetName: configurationSet.value,
            mailFromDomain: domain.value,
            source,
            ...(secret.length > 0
                ? {
                      unreadable: `its ${secret.join(" and ")} ${secret.length > 1 ? "are encrypted secrets" : "is an encrypted secret"}, so it cannot be checked as the stack expects; ${SHOW_SECRETS}`,
                  }
                : {}),
        });
    }
    return targets;
}

/** A string property as the export holds it: readable (plain, or a secret exported with --show-secrets) or encrypted. */
interface Read {
    value?: string;
    encrypted?: boolean;
}

/** A target for an identity resource that cannot be read; `advice` says what to give instead. */
function unreadable(r: CapturedResource, source: string, why: string, region?: string, advice = SHOW_SECRETS): VerifyTarget {
    const label = advice === SHOW_SECRETS ? "[secret]" : "[unreadable]";
    return { identity: `${label} (${r.name})`, region, source, unreadable: `resource ${r.name} (${r.type}): ${why}; ${advice}` };
}

/** Each resource's id by URN, from the export as given (state/stack-export.ts has checked that ids are strings). */
function exportedIds(json: unknown): Map<string, string> {
    const resources = (json as { deployment: { resources?: unknown[] } }).deployment.resources ?? [];
    const ids = new Map<string, string>();
    for (const raw of resources as Array<{ urn: string; id?: string }>) {
        if (typeof raw.id === "string" && raw.id !== "" && raw.id !== UNKNOWN) ids.set(raw.urn, raw.id);
    }
    return ids;
}

/** What an identity name property holds when it names nothing: missing, empty, unknown, or a value of another type. */
function describeMissing(r: CapturedResource, key: string): string {
    const raw = r.outputs[key] ?? r.inputs[key];
    const secret = isObject(raw) && raw[SECRET_SIG] === SECRET_VALUE_SIG;
    const value = secret ? (raw as Record<string, unknown>).value : raw;
    if (value === undefined || value === null) return "missing";
    if (value === "") return "empty";
    if (value === UNKNOWN) return "unknown (the deployment that would set it did not finish)";
    if (secret) return `a secret ${Array.isArray(value) ? "list" : typeof value}, not a name`;
    return `${JSON.stringify(value)?.slice(0, 40) ?? typeof value}, not a name`;
}

/** A known string property: outputs first (what was deployed), then inputs; secrets unwrapped when exported in plaintext. */
function read(r: CapturedResource, key: string): Read {
    for (const raw of [r.outputs[key], r.inputs[key]]) {
        const secret = isObject(raw) && raw[SECRET_SIG] === SECRET_VALUE_SIG;
        const value = secret ? (raw as Record<string, unknown>).value : raw;
        if (secret && value === UNKNOWN) return { encrypted: true };
        if (typeof value === "string" && value !== "" && value !== UNKNOWN) return { value };
    }
    return {};
}

/** The resource's region input (AWS provider 7+), else its provider's region. */
function regionOf(r: CapturedResource): Read {
    const own = read(r, "region");
    if (own.value || own.encrypted) return own;
    const fromProvider = r.provider?.properties.region;
    return typeof fromProvider === "string" && fromProvider !== UNKNOWN ? { value: fromProvider } : {};
}
