/**
 * What a Pulumi program registered, as the engine holds it when it calls a policy pack: the shape every
 * engine-side module passes around (mock capture and stack export produce it, the analyzer client sends it).
 */

/** The wire form of a value not yet known during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The key that marks a secret envelope `{[SECRET_SIG]: SECRET_VALUE_SIG, value}` on the wire. */
export const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** The signature value of a secret envelope. */
export const SECRET_VALUE_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** The provider a resource is managed by, as the engine sends it with each request. */
export interface ProviderReference {
    /** The provider resource's URN, e.g. `urn:pulumi:dev::proj::pulumi:providers:aws::default_7_48_0`. */
    urn: string;
    /** Always `pulumi:providers:<package>`. */
    type: string;
    /** The provider resource's name. */
    name: string;
    /** The provider resource's inputs (e.g. `region`), in wire form. */
    properties: Record<string, unknown>;
}

/** One resource as the engine would hold it after registration (preview) or deployment (update, export). */
export interface CapturedResource {
    /** The resource's URN. */
    urn: string;
    /** The type token, e.g. `aws:sesv2/emailIdentity:EmailIdentity`. */
    type: string;
    /** The logical name. */
    name: string;
    /** True for provider-managed resources, false for components and the stack. */
    custom: boolean;
    /** The parent's URN, when there is one. */
    parent?: string;
    /** URNs this resource depends on. */
    dependencies: string[];
    /** Per input property, the URNs its value came from. */
    propertyDependencies: Record<string, string[]>;
    /** The provider (explicit, or the default provider modelled like the engine does). */
    provider?: ProviderReference;
    /** Inputs in wire form: unknowns as {@link UNKNOWN}, secrets as the secret envelope. Analyze sees these. */
    inputs: Record<string, unknown>;
    /** Outputs in wire form; what AnalyzeStack sees (preview: inputs plus unknown computed outputs). */
    outputs: Record<string, unknown>;
}

/** True when `type` is a provider resource type (`pulumi:providers:<package>`). */
export function isProviderType(type: string): boolean {
    return type.startsWith("pulumi:providers:");
}

/** The name part of a URN (everything after the last `::`). */
export function urnName(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}

/** The type part of a URN: the last `$`-separated segment of its qualified type. */
export function urnType(urn: string): string {
    const parts = urn.split("::");
    return (parts[2] ?? "").split("$").pop() ?? "";
}
