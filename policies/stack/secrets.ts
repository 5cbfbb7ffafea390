/**
 * The secret values of what the pack is asked about, so that no answer of the pack prints one. @pulumi/policy opens
 * every secret envelope before a policy sees the properties (its deserializer makes them plain data), so the pack
 * learns which values were secret where it deserializes them: each request's properties (and each provider's) pass
 * through here first, and the strings inside their secret envelopes are kept with the deserialized object. Secret
 * stack config counts too: the engine sends the stack's config and the keys of its secrets in ConfigureStack
 * (pkg/resource/plugin/analyzer_plugin.go; the CLI's policy proxy forwards it to the pack), which @pulumi/policy's
 * handler reads only the tags of, so the pack reads the rest on its way in. The guard
 * (./guard) replaces each secret of a request (its resource, or every resource of the stack, and their providers)
 * by `[secret]` in every violation message; the policies still judge the plaintext.
 */
import { createRequire } from "node:module";
import { SecretValues } from "../../state/secret-values";
import { plain } from "./values";

/** The secret strings of each deserialized property object that had any. */
const secretsByProps = new WeakMap<object, string[]>();

/** Every secret string the pack was sent whole, for {@link isSecretValue}. */
const wholeSecrets = new Set<string>();

/** The values of secret stack config. */
const configSecrets = new SecretValues();

/** The part of @pulumi/policy's deserializer the server calls for each resource's and provider's properties. */
interface Deserializer {
    deserializeProperties(struct: { toJavaScript(): Record<string, unknown> }, proxySecrets: boolean): unknown;
}

/** Marks a deserializer already wrapped, so that loading this module twice wraps it once. */
const WRAPPED = Symbol.for("ses-guard.secret-collecting");

/**
 * Wraps @pulumi/policy's `deserializeProperties` (the module object the server calls it through) so that each
 * property struct is read once, its secret strings kept with the result, and the same data deserialized as before.
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
        const props = original({ toJavaScript: () => data }, proxySecrets);
        const found = new SecretValues();
        found.addWire(data);
        if (found.empty) return props;
        const secrets = found.list();
        for (const s of secrets) wholeSecrets.add(s);
        const key = plain(props);
        if (typeof key === "object" && key !== null) secretsByProps.set(key, secrets);
        return props;
    };
    deserializer.deserializeProperties = Object.assign(wrapped, { [WRAPPED]: true as const });
}

/** The part of a ConfigureStack request read here (AnalyzerStackConfigureRequest). */
interface StackConfigureRequest {
    getConfigMap(): { forEach(fn: (value: string, key: string) => void): void };
    getConfigSecretKeysList(): string[];
}

/** The values of the request's secret config. */
function collectSecretConfig(request: StackConfigureRequest): void {
    const values: Record<string, string> = {};
    request.getConfigMap().forEach((value, key) => (values[key] = value));
    configSecrets.addConfig(values, request.getConfigSecretKeysList());
    for (const s of configSecrets.list()) wholeSecrets.add(s);
}

/** A gRPC service implementation, as `Server.addService` takes it. */
type Implementation = Record<string, (this: unknown, call: { request: unknown }, callback: unknown) => unknown>;

/**
 * Wraps `addService` of the gRPC server @pulumi/policy serves the analyzer with, so that its ConfigureStack
 * handler first reads the request's secret config; the handler then runs as before. Nothing else changes.
 */
function collectSecretConfigOnConfigureStack(): void {
    const fromPolicy = createRequire(createRequire(__filename).resolve("@pulumi/policy/server"));
    const server = (fromPolicy("@grpc/grpc-js") as { Server: { prototype: { addService(service: unknown, implementation: Implementation): void } } }).Server
        .prototype;
    const addService = server.addService;
    server.addService = function (service, implementation) {
        const configureStack = implementation?.configureStack;
        if (typeof configureStack !== "function") return addService.call(this, service, implementation);
        return addService.call(this, service, {
            ...implementation,
            configureStack(call, callback) {
                try {
                    collectSecretConfig(call.request as StackConfigureRequest);
                } catch {
                    // A request without config names no secret.
                }
                return configureStack.call(this, call, callback);
            },
        });
    };
}

/** The secret values of a request: those in the given property objects (as @pulumi/policy hands them out) and secret config. */
export function requestSecrets(props: readonly unknown[]): SecretValues {
    const secrets = new SecretValues();
    secrets.addAll(configSecrets);
    for (const p of props) {
        const target = plain(p);
        const found = typeof target === "object" && target !== null ? secretsByProps.get(target) : undefined;
        for (const s of found ?? []) secrets.add(s);
    }
    return secrets;
}

/**
 * True when `text` is, whole, a value the pack was sent as a secret: a policy that quotes a part of such a value
 * (a Sid of a secret policy document, the token of a secret DKIM record value) shows `[secret]` instead.
 */
export function isSecretValue(text: string): boolean {
    return wholeSecrets.has(text);
}

collectSecretsOnDeserialize();
collectSecretConfigOnConfigureStack();
