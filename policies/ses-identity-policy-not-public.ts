/**
 * ses-identity-policy-not-public (resource policy, mandatory).
 *
 * No sending authorization policy (`aws.sesv2.EmailIdentityPolicy`, `aws.ses.IdentityPolicy`) lets anyone
 * send as the identity: no `Allow` statement grants `ses:Send*` (or `ses:*`, `*`, or everything through
 * `NotAction`) to principal `*` without a `Condition` restricting who may use it. A policy document unknown
 * during preview is judged when `pulumi up` analyzes the known inputs.
 *
 * AWS docs: https://docs.aws.amazon.com/ses/latest/dg/sending-authorization-policies.html
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
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

function actionPattern(action: string): RegExp {
    const body = action.toLowerCase().replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${body}$`);
}

/** The send actions a statement allows, through `Action` or `NotAction`. */
function allowedSendActions(statement: Record<string, unknown>): string[] {
    if (statement.Action !== undefined) {
        const patterns = asList(statement.Action).filter((a): a is string => typeof a === "string").map(actionPattern);
        return SEND_ACTIONS.filter((s) => patterns.some((p) => p.test(s)));
    }
    if (statement.NotAction !== undefined) {
        const patterns = asList(statement.NotAction).filter((a): a is string => typeof a === "string").map(actionPattern);
        return SEND_ACTIONS.filter((s) => !patterns.some((p) => p.test(s)));
    }
    return [];
}

/** True when the principal is everyone: `"*"`, `{"AWS": "*"}` or a list holding `"*"`. */
function isPublicPrincipal(principal: unknown): boolean {
    if (principal === "*") return true;
    if (typeof principal !== "object" || principal === null) return false;
    const aws = (principal as Record<string, unknown>).AWS;
    return asList(aws).includes("*");
}

/** True when the statement carries at least one condition key. */
function hasCondition(statement: Record<string, unknown>): boolean {
    const condition = statement.Condition;
    if (typeof condition !== "object" || condition === null) return false;
    return Object.values(condition as Record<string, unknown>).some(
        (block) => typeof block === "object" && block !== null && Object.keys(block).length > 0,
    );
}

/** Why the policy document lets anyone send, or undefined when it does not. */
function publicSendProblem(document: unknown): string | undefined {
    if (typeof document !== "object" || document === null) return undefined;
    const statements = asList((document as Record<string, unknown>).Statement);
    for (const [i, s] of statements.entries()) {
        if (typeof s !== "object" || s === null) continue;
        const statement = s as Record<string, unknown>;
        if (statement.Effect !== "Allow" || statement.NotPrincipal !== undefined) continue;
        if (!isPublicPrincipal(statement.Principal) || hasCondition(statement)) continue;
        const actions = allowedSendActions(statement);
        if (actions.length === 0) continue;
        const sid = typeof statement.Sid === "string" ? ` '${statement.Sid}'` : ` ${i + 1}`;
        return `statement${sid} allows ${actions.length === SEND_ACTIONS.length ? "every send action" : actions.join(", ")} to principal "*" with no Condition`;
    }
    return undefined;
}

/** No SES identity policy lets anyone (principal `*`) send as the identity without a restricting condition. */
export const sesIdentityPolicyNotPublic: ResourceValidationPolicy = {
    name: IDENTITY_POLICY_NOT_PUBLIC,
    description: "No SES identity policy allows ses:Send* (or *) to principal * without a restricting condition, because that lets anyone send as the identity.",
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
                reportViolation(`SES identity policy '${args.name}' is not valid JSON; SES will reject it. Build it with JSON.stringify or pulumi.jsonStringify.`);
                return;
            }
        }
        const problem = publicSendProblem(document);
        if (problem === undefined) return;
        const who = typeof identity === "string" ? identity : "its identity";
        reportViolation(
            `SES identity policy '${args.name}' lets anyone send as ${who}: ${problem}. Name the AWS accounts or roles that may ` +
                `send (Principal: {"AWS": ["arn:aws:iam::111122223333:root"]}) or add a Condition (e.g. aws:SourceAccount or ` +
                `aws:PrincipalOrgID); if this is intended, list ${who} in "exemptIdentities".`,
        );
    },
};
