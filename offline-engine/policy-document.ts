/**
 * `aws.iam.getPolicyDocument` computed offline: the Terraform AWS provider's aws_iam_policy_document data source
 * (internal/service/iam/policy_document_data_source.go) is a pure function of its arguments, so its JSON is built
 * exactly as the provider builds it: Go's struct field order and omitempty, set-valued lists reverse-sorted and
 * a single value written as a string, `&{var}` written as `${var}`, "*" alone for the one `*` principal, indented
 * with two spaces (`json`) or not (`minifiedJson`), HTML characters escaped as Go's encoder does, and the id the
 * CRC-32 of the JSON.
 */
import { crc32 } from "./crc32";

type Json = string | string[] | Record<string, unknown> | undefined;

/** A statement as the provider's IAMPolicyStatement struct holds it (field order = JSON order). */
interface Statement {
    Sid?: string;
    Effect?: string;
    Action?: Json;
    NotAction?: Json;
    Resource?: Json;
    NotResource?: Json;
    Principal?: Json;
    NotPrincipal?: Json;
    Condition?: Json;
}

function strings(value: unknown): string[] {
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** policyDecodeConfigStringList: one value as itself, several reverse-sorted (they are sets in the schema). */
function decodeList(values: string[]): string | string[] | undefined {
    if (values.length === 0) return undefined;
    if (values.length === 1) return values[0];
    return [...values].sort().reverse();
}

function replaceVars(values: string[]): string[] {
    return values.map((v) => v.replace(/&\{/g, "${"));
}

/** IAMPolicyStatementPrincipalSet.MarshalJSON (internal/service/iam/policy_model.go). */
function principals(list: unknown): Json {
    const given = Array.isArray(list) ? (list as Record<string, unknown>[]) : [];
    if (given.length === 0) return undefined;
    const sets = given.map((p) => ({ type: String(p.type ?? ""), ids: decodeList(replaceVars(strings(p.identifiers))) ?? [] }));
    if (sets.length === 1 && sets[0]?.type === "*" && sets[0].ids === "*") return "*";
    const raw: Record<string, string | string[]> = {};
    for (const { type, ids } of sets) {
        const before = raw[type];
        const added = typeof ids === "string" ? [ids] : [...ids].sort().reverse();
        if (before === undefined) raw[type] = typeof ids === "string" ? ids : added;
        else raw[type] = [...(typeof before === "string" ? [before] : before), ...added];
    }
    return sortKeys(raw);
}

/** IAMPolicyStatementConditionSet.MarshalJSON: values appended per test and variable, one value flattened. */
function conditions(list: unknown): Json {
    const given = Array.isArray(list) ? (list as Record<string, unknown>[]) : [];
    if (given.length === 0) return undefined;
    const raw: Record<string, Record<string, string[]>> = {};
    for (const c of given) {
        const values = decodeList(strings(c.values)) ?? [];
        const byVariable = (raw[String(c.test ?? "")] ??= {});
        const variable = String(c.variable ?? "");
        byVariable[variable] = [...(byVariable[variable] ?? []), ...(typeof values === "string" ? [values] : values)];
    }
    const flat = (v: string[]): string | string[] => (v.length === 1 ? (v[0] as string) : v);
    return sortKeys(
        Object.fromEntries(Object.entries(raw).map(([test, vars]) => [test, sortKeys(Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, flat(v)])))])),
    );
}

/** Go marshals map keys in sorted order. */
function sortKeys<T>(map: Record<string, T>): Record<string, T> {
    return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function statementOf(arg: Record<string, unknown>): Statement {
    const s: Statement = {};
    if (typeof arg.sid === "string" && arg.sid !== "") s.Sid = arg.sid;
    s.Effect = typeof arg.effect === "string" && arg.effect !== "" ? arg.effect : "Allow";
    s.Action = decodeList(strings(arg.actions));
    s.NotAction = decodeList(strings(arg.notActions));
    s.Resource = decodeList(replaceVars(strings(arg.resources)));
    s.NotResource = decodeList(replaceVars(strings(arg.notResources)));
    s.Principal = principals(arg.principals);
    s.NotPrincipal = principals(arg.notPrincipals);
    s.Condition = conditions(arg.conditions);
    return s;
}

/** A statement parsed from a source/override document, in the struct's field order. */
function parsedStatement(raw: Record<string, unknown>): Statement {
    const keys: (keyof Statement)[] = ["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition"];
    return Object.fromEntries(keys.filter((k) => raw[k] !== undefined && raw[k] !== "").map((k) => [k, raw[k]])) as Statement;
}

/** A policy document: version, id and statements. */
interface Doc {
    Version?: string;
    Id?: string;
    Statement: Statement[];
}

function parseDocument(text: unknown): Doc {
    if (typeof text !== "string" || text.trim() === "") return { Statement: [] };
    const doc = JSON.parse(text) as { Version?: unknown; Id?: unknown; Statement?: unknown };
    const list = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
    return {
        Version: typeof doc.Version === "string" ? doc.Version : undefined,
        Id: typeof doc.Id === "string" ? doc.Id : undefined,
        Statement: (list as Record<string, unknown>[]).map(parsedStatement),
    };
}

/** IAMPolicyDoc.Merge: adopt a given Id, upgrade the Version, replace statements of the same Sid, append the rest. */
function merge(base: Doc, over: Doc): Doc {
    const out: Doc = { ...base, Statement: [...base.Statement] };
    if (over.Id) out.Id = over.Id;
    if (over.Version !== undefined && (out.Version === undefined || over.Version > out.Version)) out.Version = over.Version;
    for (const s of over.Statement) {
        const at = s.Sid ? out.Statement.findIndex((b) => b.Sid === s.Sid) : -1;
        if (at >= 0) out.Statement[at] = s;
        else out.Statement.push(s);
    }
    return out;
}

/** JSON.stringify with Go's encoding/json escapes of <, >, & and U+2028/U+2029. */
function goJson(value: unknown, indent?: number): string {
    return JSON.stringify(value, null, indent)
        .replace(/</g, "\\u003c")
        .replace(/>/g, "\\u003e")
        .replace(/&/g, "\\u0026")
        .replace(/\u2028/g, "\\u2028")
        .replace(/\u2029/g, "\\u2029");
}

/** The result of `aws:iam/getPolicyDocument:getPolicyDocument` for `args` (the invoke's inputs). */
export function policyDocument(args: Record<string, unknown>): Record<string, unknown> {
    const version = typeof args.version === "string" && args.version !== "" ? args.version : "2012-10-17";
    const own: Doc = { Version: version, Statement: (Array.isArray(args.statements) ? (args.statements as Record<string, unknown>[]) : []).map(statementOf) };
    if (typeof args.policyId === "string" && args.policyId !== "") own.Id = args.policyId;
    let doc = strings(args.sourcePolicyDocuments).reduce<Doc>((acc, text) => merge(acc, parseDocument(text)), { Statement: [] });
    doc = merge(doc, own);
    for (const text of strings(args.overridePolicyDocuments)) doc = merge(doc, parseDocument(text));
    const ordered = { Version: doc.Version, Id: doc.Id, Statement: doc.Statement.length > 0 ? doc.Statement : undefined };
    const json = goJson(ordered, 2);
    return { ...args, id: String(crc32(json)), json, minifiedJson: goJson(ordered), version };
}
