/**
 * ses-identity-policy-not-public (resource policy, mandatory).
 *
 * No sending authorization policy (`aws.sesv2.EmailIdentityPolicy`, `aws.ses.IdentityPolicy`) lets anyone
 * send as the identity: no `Allow` statement grants `ses:Send*` (or `ses:*`, `*`, or everything through
 * `NotAction`) to everyone (principal `*`, `*` under any principal type, a wildcard account, or every principal
 * but some through `NotPrincipal`) unless its `Condition` fails for every caller from another account
 * (policies/stack/iam-condition.ts: a value holding a policy variable pins nobody) or a `Deny` refuses those
 * callers the action (IAM's evaluation logic: an explicit Deny overrides an Allow). Element names, operators and
 * condition keys are read in any letter case; of two keys that differ only in case, the stricter reading
 * stands. A policy document unknown during preview is judged when `pulumi up` analyzes the known inputs.
 *
 * AWS docs: https://docs.aws.amazon.com/ses/latest/dg/sending-authorization-policies.html
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { wildcardMatches } from "../records/wildcards";
import { conditionForOutsider } from "./stack/iam-condition";
import { asList, asObject, fieldReadings } from "./stack/iam-json";
import { namePatternListSchema, stringList } from "./stack/config";
import { NamePatterns } from "./stack/patterns";
import { IDENTITY_POLICY_TYPES, SESV2_IDENTITY_POLICY } from "../state/resource-types";
import { UNKNOWN, nonEmptyStringAt, plainProps, valueAt } from "./stack/values";
import { isSecretValue } from "./stack/secrets";
import { REDACTED } from "../state/secret-values";

/** The policy's name. */
export const IDENTITY_POLICY_NOT_PUBLIC = "ses-identity-policy-not-public";

/** Config of {@link sesIdentityPolicyNotPublic}. */
export interface IdentityPolicyNotPublicConfig {
    /** Identities (exact or wildcard) allowed to have a public sending policy. */
    exemptIdentities: string[];
}

/** The SES actions that send mail as an identity. */
const SEND_ACTIONS = [
    "ses:sendemail",
    "ses:sendrawemail",
    "ses:sendtemplatedemail",
    "ses:sendbulktemplatedemail",
    "ses:sendbulkemail",
    "ses:sendcustomverificationemail",
    "ses:sendbounce",
];

/** The actions of an `Action`/`NotAction` element, lower case (IAM compares actions case-insensitively). */
function actionList(value: unknown): string[] {
    return asList(value)
        .filter((a): a is string => typeof a === "string")
        .map((a) => a.toLowerCase());
}

/** True when one of `patterns` (IAM action wildcards, `*` and `?`) names `action`. */
function namesAction(patterns: readonly string[], action: string): boolean {
    return patterns.some((p) => wildcardMatches(p, action, true));
}

/** The send actions one reading of `Action`/`NotAction` covers; a statement with neither covers none. */
function sendActionsOf(statement: Record<string, unknown>): string[][] {
    const actions = fieldReadings(statement, "Action").map((a) => SEND_ACTIONS.filter((s) => namesAction(actionList(a), s)));
    const notActions = fieldReadings(statement, "NotAction").map((a) => SEND_ACTIONS.filter((s) => !namesAction(actionList(a), s)));
    return [...actions, ...notActions];
}

/**
 * How a principal reads when it stands for everyone, or undefined when it names someone. IAM's evaluation
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html) treats `"*"`,
 * and `"*"` under any principal type (`AWS`, `Service`, `CanonicalUser`, `Federated`), as every principal; an
 * ARN with a wildcard account (`arn:aws:iam::*:root`) names no one in particular either.
 */
function publicPrincipal(principal: unknown): string | undefined {
    const wildcard = (v: unknown) => typeof v === "string" && v.includes("*");
    if (asList(principal).some(wildcard)) return 'principal "*"';
    const o = asObject(principal);
    if (o === undefined) return undefined;
    for (const type of Object.keys(o)) {
        const open = asList(o[type]).find(wildcard);
        if (open !== undefined) return `principal {"${type}": "${String(open)}"}`;
    }
    return undefined;
}

/** Who an Allow statement grants to when that is everyone (any reading of its principal), else undefined. */
function allowedToEveryone(statement: Record<string, unknown>): string | undefined {
    // Allow with NotPrincipal grants every principal except those listed (IAM's evaluation rules).
    if (fieldReadings(statement, "NotPrincipal").length > 0) return "every principal but those in NotPrincipal";
    for (const principal of fieldReadings(statement, "Principal")) {
        const who = publicPrincipal(principal);
        if (who !== undefined) return who;
    }
    return undefined;
}

/** True when a Deny statement's principal takes in every outside caller, in every reading. */
function deniedToEveryone(statement: Record<string, unknown>): boolean {
    const everyone = (p: unknown) => asList(p).includes("*") || fieldReadings(asObject(p) ?? {}, "AWS").some((v) => asList(v).includes("*"));
    const principals = fieldReadings(statement, "Principal");
    const notPrincipals = fieldReadings(statement, "NotPrincipal");
    // Deny with NotPrincipal denies everyone but those listed, and no outsider can be listed by name.
    if (notPrincipals.length > 0) return principals.length === 0 && !notPrincipals.some(everyone);
    return principals.length > 0 && principals.every(everyone);
}

/**
 * Whether a `Resource` pattern names the identity: "yes" for `*` and `arn:...:ses:<region>:<account>:identity/<name>`
 * patterns that match it (the region and account are taken to be the identity's own), "no" when the name
 * part does not match, "maybe" when that cannot be told (a policy variable, an identity unknown in preview).
 */
function resourceNames(pattern: unknown, identity: string | undefined): "yes" | "no" | "maybe" {
    if (typeof pattern !== "string" || pattern.includes("${")) return "maybe";
    if (/^\*+$/.test(pattern.trim())) return "yes";
    const parts = pattern.toLowerCase().split(":");
    if (parts.length < 6) return "maybe";
    const name = parts.slice(5).join(":");
    if (!wildcardMatches(parts[2], "ses", true)) return "no";
    if (identity === undefined) return /^(identity\/)?\*+$/.test(name) ? "yes" : "maybe";
    // A v1 IdentityPolicy may name its identity by ARN: compare the name after "identity/".
    const bare = identity.toLowerCase().replace(/^arn:[^:]*:ses:[^:]*:[^:]*:identity\//, "");
    return wildcardMatches(name, `identity/${bare}`, true) ? "yes" : "no";
}

/** True when a Deny statement surely covers the identity: a `Resource` naming it, or a `NotResource` that does not. */
function deniesOnIdentity(statement: Record<string, unknown>, identity: string | undefined): boolean {
    const resources = fieldReadings(statement, "Resource");
    const notResources = fieldReadings(statement, "NotResource");
    if (resources.length > 0 && notResources.length === 0) {
        return resources.every((r) => asList(r).some((p) => resourceNames(p, identity) === "yes"));
    }
    if (notResources.length > 0 && resources.length === 0) {
        return notResources.every((r) => asList(r).every((p) => resourceNames(p, identity) === "no"));
    }
    return false;
}

/** The readings of a statement's `Effect`, lower case. */
function effects(statement: Record<string, unknown>): string[] {
    return fieldReadings(statement, "Effect").map((e) => (typeof e === "string" ? e.toLowerCase() : ""));
}

/**
 * The send actions that Deny statements refuse every outside caller, per IAM's evaluation logic
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html): an explicit Deny
 * overrides any Allow. A Deny counts when, in every reading, it is a Deny, takes in every outside caller, covers
 * the identity and its Condition holds for every outsider (`StringNotEquals {"aws:PrincipalAccount": "111122223333"}`,
 * or none at all).
 */
function sendActionsDeniedToOutsiders(statements: Record<string, unknown>[], identity: string | undefined): Set<string> {
    const denied = new Set<string>();
    for (const statement of statements) {
        const effect = effects(statement);
        if (effect.length === 0 || !effect.every((e) => e === "deny")) continue;
        if (!deniedToEveryone(statement) || !deniesOnIdentity(statement, identity) || !conditionForOutsider(statement).mustHold) continue;
        const readings = sendActionsOf(statement);
        for (const action of SEND_ACTIONS) if (readings.length > 0 && readings.every((r) => r.includes(action))) denied.add(action);
    }
    return denied;
}

/** Why the policy document lets anyone send, or undefined when it does not. */
function publicSendProblem(document: unknown, identity: string | undefined, secretDocument: boolean): string | undefined {
    const root = asObject(document);
    if (root === undefined) return undefined;
    const readings = fieldReadings(root, "Statement");
    const statements = readings.flatMap(asList).flatMap((s): Record<string, unknown>[] => {
        const o = asObject(s);
        return o === undefined ? [] : [o];
    });
    // A Deny only counts when the document has one Statement element: with two, IAM may read the other.
    const denied = readings.length === 1 ? sendActionsDeniedToOutsiders(statements, identity) : new Set<string>();
    for (const [i, statement] of statements.entries()) {
        if (!effects(statement).includes("allow")) continue;
        const who = allowedToEveryone(statement);
        if (who === undefined || !conditionForOutsider(statement).canHold) continue;
        const actions = SEND_ACTIONS.filter((a) => !denied.has(a) && sendActionsOf(statement).some((r) => r.includes(a)));
        if (actions.length === 0) continue;
        const sid = fieldReadings(statement, "Sid").find((s) => typeof s === "string");
        const name = typeof sid === "string" ? ` '${secretDocument ? REDACTED : sid}'` : ` ${i + 1}`;
        return (
            `statement${name} allows ${actions.length === SEND_ACTIONS.length ? "every send action" : actions.join(", ")} to ${who} ` +
            "with no Condition that pins the caller and no Deny that shuts other accounts out"
        );
    }
    return undefined;
}

/** No SES identity policy lets anyone (principal `*`) send as the identity without a restricting condition. */
export const sesIdentityPolicyNotPublic: ResourceValidationPolicy = {
    name: IDENTITY_POLICY_NOT_PUBLIC,
    description:
        "No SES identity policy allows ses:Send* (or *) to principal * without a restricting condition, because that lets anyone send as the identity.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            exemptIdentities: namePatternListSchema("Identities (exact or wildcard) that may have a public sending policy."),
        },
    },
    validateResource: (args, reportViolation) => {
        if (!IDENTITY_POLICY_TYPES.has(args.type)) return;
        const props = plainProps(args.props);
        const identity = nonEmptyStringAt(props, args.type === SESV2_IDENTITY_POLICY ? "emailIdentity" : "identity");
        const exempt = new NamePatterns(stringList(args.getConfig<IdentityPolicyNotPublicConfig>(), "exemptIdentities"));
        if (typeof identity === "string" && exempt.matches(identity)) return;
        const raw = valueAt(props, "policy");
        if (raw === UNKNOWN || raw === undefined) return;
        let document: unknown = raw;
        if (typeof raw === "string") {
            try {
                document = JSON.parse(raw);
            } catch {
                reportViolation(
                    `SES identity policy '${args.name}' is not valid JSON; SES will reject it. Build it with JSON.stringify or pulumi.jsonStringify.`,
                );
                return;
            }
        }
        // A Sid is part of the document: the Sid of a secret document is no more shown than the document.
        const secretDocument = typeof raw === "string" && isSecretValue(raw);
        const problem = publicSendProblem(document, typeof identity === "string" ? identity : undefined, secretDocument);
        if (problem === undefined) return;
        const who = typeof identity === "string" ? identity : "its identity";
        reportViolation(
            `SES identity policy '${args.name}' lets anyone send as ${who}: ${problem}. Name the AWS accounts or roles that may ` +
                `send (Principal: {"AWS": ["arn:aws:iam::111122223333:root"]}) or add a Condition that pins the caller ` +
                `(aws:SourceAccount, aws:SourceArn, aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:PrincipalAccount or aws:PrincipalArn with a concrete value, not a policy variable); if this is intended, list ${who} in "exemptIdentities".`,
        );
    },
};
