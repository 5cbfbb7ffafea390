/**
 * How a policy statement's `Condition` reads for an outsider: a caller in an AWS account, organization and
 * role that the policy does not name, who picks every value a request lets it pick. Only the condition keys
 * that say who the caller is matter (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html);
 * `aws:SecureTransport`, `aws:SourceIp`, `ses:FromAddress` and the like an outsider can satisfy or avoid.
 *
 * Rules followed (IAM User Guide):
 * - condition operators (reference_policies_elements_condition_operators.html): a key absent from the request
 *   fails a matching operator and passes a negated one; `...IfExists` passes when the key is absent; `StringEquals`
 *   compares exactly, `StringLike` reads `*` and `?`, the ARN operators read them in each of the six
 *   colon-separated parts on their own; `IgnoreCase` changes no caller's identity;
 * - set operators (reference_policies_condition-single-vs-multi-valued-context-keys.html): `ForAllValues` passes
 *   when the key is absent, `ForAnyValue` fails then; `aws:PrincipalAccount` and `aws:PrincipalArn` are in every
 *   signed request, the organization and source keys only in some, so an outsider may leave them out;
 * - policy variables (reference_policies_variables.html): `${aws:PrincipalAccount}` and the like are replaced with
 *   the request's own values, so a value holding one names no particular caller; `${*}`, `${?}` and `${$}` are the
 *   literal characters.
 */
import { asList, asObject, entriesByLowerKey, fieldReadings } from "./iam-json";

/** What a condition does for an outsider: whether it can hold (an Allow may apply) and whether it always holds (a Deny applies). */
export interface OutsiderVerdict {
    /** Some outsider's request satisfies it. */
    canHold: boolean;
    /** Every outsider's request satisfies it. */
    mustHold: boolean;
}

/** Condition keys that say who the caller is, lower case. */
const CALLER_KEYS: ReadonlySet<string> = new Set([
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
]);

/** Caller keys every signed request carries: an outsider cannot leave them out. */
const ALWAYS_PRESENT: ReadonlySet<string> = new Set(["aws:principalaccount", "aws:principalarn"]);

/** Caller keys whose values are ARNs. */
const ARN_KEYS: ReadonlySet<string> = new Set(["aws:sourcearn", "aws:principalarn"]);

/** How an operator compares: exactly, with `*`/`?` over the whole string, or with them in each ARN part. */
type Matching = "exact" | "wildcard" | "arn";

/** A string or ARN condition operator, taken apart. */
interface Operator {
    matching: Matching;
    negated: boolean;
    ifExists: boolean;
    set?: "all" | "any";
}

/** String and ARN operators (lower case, without `IfExists` or a set prefix). */
const OPERATORS: Readonly<Record<string, Omit<Operator, "ifExists" | "set">>> = {
    stringequals: { matching: "exact", negated: false },
    stringequalsignorecase: { matching: "exact", negated: false },
    stringnotequals: { matching: "exact", negated: true },
    stringnotequalsignorecase: { matching: "exact", negated: true },
    stringlike: { matching: "wildcard", negated: false },
    stringnotlike: { matching: "wildcard", negated: true },
    arnequals: { matching: "arn", negated: false },
    arnlike: { matching: "arn", negated: false },
    arnnotequals: { matching: "arn", negated: true },
    arnnotlike: { matching: "arn", negated: true },
};

/** The operator's parts, or undefined for an operator that cannot tell callers apart here (Bool, Null, dates, ...). */
function parseOperator(name: string): Operator | undefined {
    let op = name.toLowerCase();
    let set: Operator["set"];
    if (op.startsWith("forallvalues:")) [set, op] = ["all", op.slice("forallvalues:".length)];
    else if (op.startsWith("foranyvalue:")) [set, op] = ["any", op.slice("foranyvalue:".length)];
    const ifExists = op.endsWith("ifexists");
    const base = OPERATORS[ifExists ? op.slice(0, -"ifexists".length) : op];
    return base === undefined ? undefined : { ...base, ifExists, set };
}

/** A condition value with IAM's literal escapes made plain characters, and the policy variables it holds. */
interface ReadValue {
    /** The value, each `${*}`, `${?}`, `${$}` replaced by a character that is no wildcard and no separator. */
    text: string;
    /** The policy variables (`${...}` other than the escapes), as written. */
    variables: string[];
}

const LITERAL_ESCAPES: ReadonlySet<string> = new Set(["${*}", "${?}", "${$}"]);

function readValue(value: string): ReadValue {
    const variables: string[] = [];
    // An unclosed "${" is read as a variable too: a value IAM might substitute pins nothing.
    const text = value.replace(/\$\{[^}]*(\}|$)/g, (m) => {
        if (LITERAL_ESCAPES.has(m)) return "\u0000";
        variables.push(m);
        return "\u0000";
    });
    return { text, variables };
}

const hasWildcard = (s: string) => /[*?]/.test(s);

/**
 * True when no outsider's value can match `value`: it holds no policy variable and fixes the account (or
 * organization) it names. An exact operator, or a value without wildcards, fixes it; a wildcard pattern must
 * leave the organization ID at the head of an org path, or an ARN up to its account part, wildcard-free.
 */
function namesOnlyInsiders(value: ReadValue, key: string, matching: Matching): boolean {
    if (value.variables.length > 0 || value.text.trim() === "") return false;
    // Exact comparison, or a pattern with no wildcard at all, names one value: an outsider's differs.
    if (matching === "exact" || !hasWildcard(value.text)) return true;
    if (key === "aws:principalorgpaths") {
        const org = value.text.split("/")[0];
        return org !== "" && !hasWildcard(org);
    }
    // An account or organization ID with a wildcard may be an outsider's.
    if (!ARN_KEYS.has(key)) return false;
    const parts = value.text.split(":");
    if (parts.length < 5 || parts[4] === "" || hasWildcard(parts[4])) return false;
    // StringLike's "*" spans colons: a wildcard before the account part may shift it.
    return matching === "arn" || !parts.slice(0, 4).some(hasWildcard);
}

/** True when every outsider's value matches `value`: `*` under a wildcard operator, or the key's own variable. */
function matchesEveryone(value: string, key: string, matching: Matching): boolean {
    if (matching !== "exact" && /^\*+$/.test(value.trim())) return true;
    return value.trim().toLowerCase() === `\${${key}}`;
}

/** One operator, key and value list, for an outsider. */
function judgeEntry(operatorName: string, key: string, raw: unknown): OutsiderVerdict {
    const op = parseOperator(operatorName);
    // The policy grammar takes numbers and booleans as condition values too; IAM compares them as text.
    const values = asList(raw).map((v) => (typeof v === "number" || typeof v === "boolean" ? String(v) : v));
    if (op === undefined || !CALLER_KEYS.has(key) || values.length === 0 || !values.every((v) => typeof v === "string")) {
        return { canHold: true, mustHold: false };
    }
    const strings = values as string[];
    const insidersOnly = strings.map((v) => namesOnlyInsiders(readValue(v), key, op.matching));
    const everyone = strings.some((v) => matchesEveryone(v, key, op.matching));
    // With the key present (an outsider's own value or values):
    const presentCan = op.negated ? !everyone : insidersOnly.some((only) => !only);
    const presentMust = op.negated ? insidersOnly.every(Boolean) : everyone;
    // With the key absent: set operators first, then IfExists, then plain matching fails and negated passes.
    const absent = op.set === "all" ? true : op.set === "any" ? false : op.ifExists || op.negated;
    const mayBeAbsent = !ALWAYS_PRESENT.has(key);
    return { canHold: (mayBeAbsent && absent) || presentCan, mustHold: (!mayBeAbsent || absent) && presentMust };
}

/** All of `verdicts` together (IAM ANDs operators and keys): holds only when each does. */
function all(verdicts: OutsiderVerdict[]): OutsiderVerdict {
    return { canHold: verdicts.every((v) => v.canHold), mustHold: verdicts.every((v) => v.mustHold) };
}

/** Readings of one element that differ in letter case: an Allow may apply by either, a Deny surely applies only by both. */
function eitherReading(verdicts: OutsiderVerdict[]): OutsiderVerdict {
    return { canHold: verdicts.some((v) => v.canHold), mustHold: verdicts.every((v) => v.mustHold) };
}

/** One operator's block of keys. */
function judgeOperator(operatorName: string, block: unknown): OutsiderVerdict {
    const keys = asObject(block);
    if (keys === undefined) return { canHold: true, mustHold: false };
    return all([...entriesByLowerKey(keys)].map(([key, readings]) => eitherReading(readings.map((raw) => judgeEntry(operatorName, key, raw)))));
}

/** One reading of a `Condition` element. */
function judgeCondition(condition: unknown): OutsiderVerdict {
    const operators = asObject(condition);
    if (operators === undefined) return { canHold: true, mustHold: false };
    return all([...entriesByLowerKey(operators)].map(([name, readings]) => eitherReading(readings.map((block) => judgeOperator(name, block)))));
}

/** How the statement's `Condition` (every reading of it) reads for an outsider; no condition holds for everyone. */
export function conditionForOutsider(statement: Record<string, unknown>): OutsiderVerdict {
    const readings = fieldReadings(statement, "Condition");
    if (readings.length === 0) return { canHold: true, mustHold: true };
    return eitherReading(readings.map(judgeCondition));
}
