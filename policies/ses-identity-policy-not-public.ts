/**
 * ses-identity-policy-not-public (resource policy, mandatory).
 *
 * No sending authorization policy (`aws.sesv2.EmailIdentityPolicy`, `aws.ses.IdentityPolicy`) lets anyone
 * send as the identity: no `Allow` statement grants `ses:Send*` (or `ses:*`, `*`, or everything through
 * `NotAction`) to everyone (principal `*`, `*` under any principal type, a wildcard account, or every principal
 * but some through `NotPrincipal`) unless a `Condition` pins the caller (`aws:SourceAccount`, `aws:SourceArn`,
 * `aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:PrincipalArn` with a concrete value); element names and
 * `Effect` are read in any letter case. A policy document unknown during preview is judged when `pulumi up`
 * analyzes the known inputs.
 *
 * AWS docs: https://docs.aws.amazon.com/ses/latest/dg/sending-authorization-policies.html
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { wildcardMatches } from "../records/wildcards";
import { namePatternListSchema, stringList } from "./stack/config";
import { NamePatterns } from "./stack/patterns";
import { IDENTITY_POLICY_TYPES, SESV2_IDENTITY_POLICY } from "../state/resource-types";
import { UNKNOWN, nonEmptyStringAt, plainProps, valueAt } from "./stack/values";

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

function asList(value: unknown): unknown[] {
    return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/**
 * The value of `key` in a policy object, the key compared case-insensitively: SES stores the document as given
 * and IAM's element names are matched without regard to case, so `"principal"` grants like `"Principal"`.
 */
function field(o: Record<string, unknown>, key: string): unknown {
    const wanted = key.toLowerCase();
    for (const k of Object.keys(o)) if (k.toLowerCase() === wanted) return o[k];
    return undefined;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

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

/** The send actions a statement allows, through `Action` or `NotAction`. */
function allowedSendActions(statement: Record<string, unknown>): string[] {
    const action = field(statement, "Action");
    if (action !== undefined) {
        const patterns = actionList(action);
        return SEND_ACTIONS.filter((s) => namesAction(patterns, s));
    }
    const notAction = field(statement, "NotAction");
    if (notAction !== undefined) {
        const patterns = actionList(notAction);
        return SEND_ACTIONS.filter((s) => !namesAction(patterns, s));
    }
    return [];
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

/**
 * Condition keys that pin who the caller is (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html):
 * only these, with a concrete value, keep a public principal from being everyone. `aws:SecureTransport`,
 * `aws:SourceIp`, `ses:FromAddress` and the like restrict how or what is sent, not by whom.
 */
const CALLER_KEYS: ReadonlySet<string> = new Set(["aws:sourceaccount", "aws:sourcearn", "aws:principalorgid", "aws:principalaccount", "aws:principalarn"]);

/**
 * True when a condition operator requires the key to equal (or match) the value: `StringEquals`, `StringLike`,
 * `ArnEquals`, `ArnLike` and their `IgnoreCase`/`ForAnyValue:` forms. Negated operators, `...IfExists` (true
 * when the key is absent) and `ForAllValues:` (true for an empty set) restrict no caller.
 */
function isPinningOperator(operator: string): boolean {
    const op = operator.toLowerCase();
    if (op.startsWith("forallvalues:") || op.endsWith("ifexists") || op.includes("not")) return false;
    const base = op.startsWith("foranyvalue:") ? op.slice("foranyvalue:".length) : op;
    return base.startsWith("string") || base.startsWith("arn");
}

/** True when a condition value names concrete callers: non-empty strings without wildcards. */
function isConcrete(value: unknown): boolean {
    const values = asList(value);
    return values.length > 0 && values.every((v) => typeof v === "string" && v.trim() !== "" && !/[*?]/.test(v));
}

/** True when the statement's `Condition` pins the caller (see {@link CALLER_KEYS}). */
function conditionPinsCaller(statement: Record<string, unknown>): boolean {
    const condition = asObject(field(statement, "Condition"));
    if (condition === undefined) return false;
    return Object.entries(condition).some(([operator, block]) => {
        const keys = asObject(block);
        if (keys === undefined || !isPinningOperator(operator)) return false;
        return Object.entries(keys).some(([key, value]) => CALLER_KEYS.has(key.toLowerCase()) && isConcrete(value));
    });
}

/** Why the policy document lets anyone send, or undefined when it does not. */
function publicSendProblem(document: unknown): string | undefined {
    const root = asObject(document);
    if (root === undefined) return undefined;
    const statements = asList(field(root, "Statement"));
    for (const [i, s] of statements.entries()) {
        const statement = asObject(s);
        if (statement === undefined) continue;
        const effect = field(statement, "Effect");
        if (typeof effect !== "string" || effect.toLowerCase() !== "allow") continue;
        // Allow with NotPrincipal grants every principal except those listed (IAM's evaluation rules).
        const notPrincipal = field(statement, "NotPrincipal");
        const who = notPrincipal !== undefined ? "every principal but those in NotPrincipal" : publicPrincipal(field(statement, "Principal"));
        if (who === undefined || conditionPinsCaller(statement)) continue;
        const actions = allowedSendActions(statement);
        if (actions.length === 0) continue;
        const sid = field(statement, "Sid");
        const name = typeof sid === "string" ? ` '${sid}'` : ` ${i + 1}`;
        return (
            `statement${name} allows ${actions.length === SEND_ACTIONS.length ? "every send action" : actions.join(", ")} to ${who} ` +
            "with no Condition that pins the caller"
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
        const problem = publicSendProblem(document);
        if (problem === undefined) return;
        const who = typeof identity === "string" ? identity : "its identity";
        reportViolation(
            `SES identity policy '${args.name}' lets anyone send as ${who}: ${problem}. Name the AWS accounts or roles that may ` +
                `send (Principal: {"AWS": ["arn:aws:iam::111122223333:root"]}) or add a Condition that pins the caller ` +
                `(aws:SourceAccount, aws:SourceArn, aws:PrincipalOrgID, aws:PrincipalAccount or aws:PrincipalArn with a concrete value); if this is intended, list ${who} in "exemptIdentities".`,
        );
    },
};
