/**
 * The secret values the pack has been sent, so that no answer of the pack prints one. @pulumi/policy opens every
 * secret envelope before a policy sees the properties (its deserializer makes them plain data), so the pack learns
 * which values were secret where it deserializes them: each request's properties (and each provider's) pass through
 * here first, and every string inside a secret envelope is remembered for as long as the pack runs. Secret stack
 * config counts too: the values of the keys `PULUMI_CONFIG_SECRET_KEYS` names in `PULUMI_CONFIG`. The guard
 * (./guard) replaces each of them by `[secret]` in every violation message; the policies still judge the plaintext.
 */
import { createRequire } from "node:module";
import { SecretValues } from "../../state/secret-values";

/** Every secret value this pack process has been sent. */
export const packSecrets = new SecretValues();

/** The part of @pulumi/policy's deserializer the server calls for each resource's and provider's properties. */
interface Deserializer {
    deserializeProperties(struct: { toJavaScript(): Record<string, unknown> }, proxySecrets: boolean): unknown;
}

/** Marks a deserializer already wrapped, so that loading this module twice wraps it once. */
const WRAPPED = Symbol.for("ses-guard.secret-collecting");

/**
 * Wraps @pulumi/policy's `deserializeProperties` (the module object the server calls it through) so that each
 * property struct is read once, its secret strings remembered, and the same data deserialized as before.
 */
function collectSecretsOnDeserialize(): void {
    const deserializer = createRequire(__filename)("@pulumi/policy/deserialize") as Deserializer;
    const original = deserializer.deserializeProperties as Deserializer["deserializeProperties"] & { [WRAPPED]?: true };
    if (typeof original !== "function") {
        throw new Error("ses-guard: @pulumi/policy has no deserializeProperties to learn secret values from; use the @pulumi/policy version ses-guard pins");
    }
    if (original[WRAPPED]) return;
    const wrapped = (struct: { toJavaScript(): Record<string, unknown> }, proxySecrets: boolean): unknown => {
        const data = struct.toJavaScript();
        packSecrets.addWire(data);
        return original({ toJavaScript: () => data }, proxySecrets);
    };
    deserializer.deserializeProperties = Object.assign(wrapped, { [WRAPPED]: true as const });
}

/** The values of secret stack config from the pack's environment (set by the language host from ConfigureStack). */
function collectSecretConfig(env: NodeJS.ProcessEnv): void {
    const keys = env.PULUMI_CONFIG_SECRET_KEYS;
    const config = env.PULUMI_CONFIG;
    if (keys === undefined || config === undefined) return;
    try {
        const secretKeys = JSON.parse(keys) as unknown;
        const values = JSON.parse(config) as unknown;
        if (!Array.isArray(secretKeys) || typeof values !== "object" || values === null) return;
        packSecrets.addConfig(values as Record<string, string>, secretKeys.filter((k): k is string => typeof k === "string"));
    } catch {
        // Unreadable variables name no secret; the language host writes both as JSON.
    }
}

collectSecretsOnDeserialize();
collectSecretConfig(process.env);
