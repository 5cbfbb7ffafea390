/**
 * What a Pulumi program registered, as the engine holds it when it calls a policy pack: the shape every
 * engine-side module passes around (mock capture and stack export produce it, the analyzer client sends it).
 */

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

/** Where a program registered a resource: the SDK's `sourcePosition` of the `new` call. */
export interface SourcePosition {
    /** The file's absolute path (or the URI the SDK gave, when it is not a file URI). */
    file: string;
    /** The line, counted from 1. */
    line: number;
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
    /** Inputs in wire form: unknowns as the `UNKNOWN` sentinel (state/wire), secrets as the secret envelope. Analyze sees these. */
    inputs: Record<string, unknown>;
    /** Where the program registered it (programs run through Pulumi's runner; none for exports and reads). */
    source?: SourcePosition;
    /** Outputs in wire form; what AnalyzeStack sees (preview: inputs plus unknown computed outputs). */
    outputs: Record<string, unknown>;
}
