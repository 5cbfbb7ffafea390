/**
 * The `--policy-pack-config` handling the Pulumi engine does before it sends Configure: start from each
 * policy's own level and its configSchema defaults, apply the pack's initial config, then the user's config
 * (`"all"` first, then per policy), and validate every policy's properties against its schema.
 */
import Ajv, { type ValidateFunction } from "ajv";
import { UserError } from "../user-error";
import { readJsonFile } from "../state/json-file";
import { didYouMean } from "../closest-name";

/** A policy's enforcement level as the engine and packs name it. */
export type EnforcementLevel = "advisory" | "mandatory" | "disabled" | "remediate";

/** The --policy-pack-config JSON: {"all": level, "<policy>": level | {enforcementLevel?, ...props}} */
export type PolicyPackConfig = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;

/** The levels a config may name. */
export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "disabled", "remediate"];

/** A policy's configSchema as a pack declares it. */
export interface PolicyConfigSchema {
    properties?: Record<string, unknown>;
    required?: string[];
}

/** What reconciliation needs to know about one policy (from GetAnalyzerInfo). */
export interface PolicyConfigInfo {
    name: string;
    enforcementLevel: EnforcementLevel;
    configSchema?: PolicyConfigSchema;
}

/** One policy's resolved config, as sent in Configure. */
export interface ResolvedPolicyConfig {
    enforcementLevel: EnforcementLevel;
    properties: Record<string, unknown>;
}

/** Bad policy pack config: unknown level, unknown policy, a value of the wrong shape, a schema violation. */
export class PolicyConfigError extends UserError {}

function isLevel(value: unknown): value is EnforcementLevel {
    return typeof value === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(value);
}

function levelError(key: string, value: unknown): PolicyConfigError {
    return new PolicyConfigError(
        `policy pack config for '${key}': ${JSON.stringify(value)} is not an enforcement level; use one of ${ENFORCEMENT_LEVELS.join(", ")}`,
    );
}

/** Splits one config entry into its level and its properties, rejecting malformed ones. */
function parseEntry(key: string, value: unknown): { enforcementLevel?: EnforcementLevel; properties: Record<string, unknown> } {
    if (typeof value === "string") {
        if (!isLevel(value)) throw levelError(key, value);
        return { enforcementLevel: value, properties: {} };
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        throw new PolicyConfigError(
            `policy pack config for '${key}': ${JSON.stringify(value)} is not valid; give an enforcement level string or an object of properties`,
        );
    }
    const { enforcementLevel, ...properties } = value as Record<string, unknown>;
    if (enforcementLevel !== undefined && !isLevel(enforcementLevel)) throw levelError(key, enforcementLevel);
    return { enforcementLevel: enforcementLevel as EnforcementLevel | undefined, properties };
}

/** Applies one config layer over `result`, the way the engine's applyConfig does. */
function applyLayer(result: Map<string, ResolvedPolicyConfig>, layer: Record<string, unknown>): void {
    const all = layer["all"];
    if (all !== undefined) {
        const { enforcementLevel } = parseEntry("all", all);
        if (enforcementLevel !== undefined) {
            for (const config of result.values()) config.enforcementLevel = enforcementLevel;
        }
    }
    for (const [key, value] of Object.entries(layer)) {
        if (key === "all") continue;
        const target = result.get(key);
        if (target === undefined) {
            const known = [...result.keys()].join(", ") || "(none)";
            // The Pulumi CLI accepts unknown names silently; rejecting them keeps a misspelt policy from going unconfigured.
            throw new PolicyConfigError(
                `policy pack config names '${key}', which is not a policy of this pack${didYouMean(key, result.keys())}; its policies are: ${known} (the Pulumi CLI would ignore '${key}' without a word, leaving the policy you meant unconfigured)`,
            );
        }
        const { enforcementLevel, properties } = parseEntry(key, value);
        if (enforcementLevel !== undefined) target.enforcementLevel = enforcementLevel;
        Object.assign(target.properties, properties);
    }
}

/** One validator for every schema: lenient like the engine's (unknown keywords and formats are not errors), all errors. */
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, logger: false });
/** Compiled validators, one per distinct schema (by its JSON text): a pack's schemas compile once per process. */
const validators = new Map<string, ValidateFunction>();

/** The compiled validator of `schema`, compiling it on first use. */
function validatorFor(schema: Record<string, unknown>): ValidateFunction {
    const key = JSON.stringify(schema);
    let validator = validators.get(key);
    if (validator === undefined) {
        validator = ajv.compile(schema);
        validators.set(key, validator);
    }
    return validator;
}

/** Every schema violation of `properties` against `schema`, each prefixed with the policy name. */
function validate(policy: string, schema: PolicyConfigSchema, properties: Record<string, unknown>): string[] {
    const jsonSchema: Record<string, unknown> = { type: "object" };
    if (schema.properties !== undefined && Object.keys(schema.properties).length > 0) jsonSchema.properties = schema.properties;
    if (schema.required !== undefined && schema.required.length > 0) jsonSchema.required = schema.required;
    const validator = validatorFor(jsonSchema);
    if (validator(properties)) return [];
    return (validator.errors ?? []).map((e) => {
        const where = e.instancePath.slice(1).replace(/\//g, ".");
        return `${policy}: ${where ? `${where} ` : ""}${e.message ?? "is invalid"}`;
    });
}

/**
 * Rejects an option a policy does not declare (`externallyVerifiedDomain` for `externallyVerifiedDomains`): the
 * engine passes it on and the policy never reads it, so the option meant would stay unset without a word.
 */
function checkOptionNames(policies: readonly PolicyConfigInfo[], config: Record<string, unknown>): void {
    for (const policy of policies) {
        const entry = config[policy.name];
        if (entry === null || typeof entry !== "object" || Array.isArray(entry)) continue;
        const declared = Object.keys(policy.configSchema?.properties ?? {});
        for (const key of Object.keys(entry)) {
            if (key === "enforcementLevel" || declared.includes(key)) continue;
            const options = declared.length > 0 ? `its options are: ${declared.join(", ")}` : "it takes no options, only an enforcementLevel";
            throw new PolicyConfigError(
                `policy pack config for '${policy.name}': unknown option '${key}'${didYouMean(key, [...declared, "enforcementLevel"])}; ${options}`,
            );
        }
    }
}

/**
 * The config the engine would send in Configure: defaults from each policy's schema and level, then the
 * pack's `initialConfig`, then `config`. Throws {@link PolicyConfigError} on an unknown level or policy,
 * or listing every schema violation.
 */
export function reconcilePolicyPackConfig(
    policies: readonly PolicyConfigInfo[],
    config: PolicyPackConfig | undefined,
    initialConfig?: Record<string, unknown>,
): Map<string, ResolvedPolicyConfig> {
    const result = new Map<string, ResolvedPolicyConfig>();
    for (const policy of policies) {
        const properties: Record<string, unknown> = {};
        for (const [key, prop] of Object.entries(policy.configSchema?.properties ?? {})) {
            if (prop !== null && typeof prop === "object" && "default" in prop) properties[key] = structuredClone((prop as { default: unknown }).default);
        }
        result.set(policy.name, { enforcementLevel: policy.enforcementLevel, properties });
    }
    if (initialConfig !== undefined) applyLayer(result, initialConfig);
    if (config !== undefined) {
        if (config === null || typeof config !== "object" || Array.isArray(config)) {
            throw new PolicyConfigError('policy pack config must be a JSON object mapping policy names (or "all") to a level or an object');
        }
        checkOptionNames(policies, config);
        applyLayer(result, config);
    }
    const errors = policies.flatMap((p) => (p.configSchema ? validate(p.name, p.configSchema, result.get(p.name)?.properties ?? {}) : []));
    if (errors.length > 0) throw new PolicyConfigError(`invalid policy pack config:\n  ${errors.join("\n  ")}`);
    return result;
}

/** Reads a `--policy-pack-config` JSON file; a missing, unreadable or non-object file is a {@link PolicyConfigError}. */
export function readPolicyPackConfigFile(file: string): PolicyPackConfig {
    const json = readJsonFile(file, (message) => new PolicyConfigError(message));
    if (json === null || typeof json !== "object" || Array.isArray(json)) {
        throw new PolicyConfigError(`${file}: must be a JSON object mapping policy names (or "all") to a level or an object of properties`);
    }
    return json as PolicyPackConfig;
}
