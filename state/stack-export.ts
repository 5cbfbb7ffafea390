/**
 * Reads `pulumi stack export` JSON (a version 3 deployment) into the resources the engine would send a
 * policy pack when it analyzes a deployed stack: Analyze on inputs, AnalyzeStack on outputs, each with its
 * provider resource's inputs, skipping resources pending deletion.
 */
import { SECRET_SIG, SECRET_VALUE_SIG, UNKNOWN, isObject } from "./wire";
import { isProviderType, urnName } from "./urn";
import { type CapturedResource, type ProviderReference } from "./captured-resource";
import { UserError } from "../user-error";
import { parseJsonText, readJsonFile } from "./json-file";

/** A stack export that cannot be read: names the file, the resource (by index or URN) and what is wrong. */
export class StackExportError extends UserError {}

const SUPPORTED_VERSIONS = [2, 3];

/**
 * An exported secret (`{sig, plaintext}` with --show-secrets, `{sig, ciphertext}` without) as the engine
 * sends it: the wire secret envelope around its value. A ciphertext cannot be read here, so its value is
 * sent as unknown.
 */
function convertSecrets(value: unknown, where: () => string): unknown {
    if (Array.isArray(value)) return value.map((v) => convertSecrets(v, where));
    if (!isObject(value)) return value;
    if (value[SECRET_SIG] === SECRET_VALUE_SIG) {
        if (typeof value.plaintext === "string") {
            let plain: unknown;
            try {
                plain = JSON.parse(value.plaintext);
            } catch {
                // The plaintext is a secret: the error names where it is, never what it says.
                throw new StackExportError(`${where()}: a secret's plaintext is not JSON-encoded; export it again with \`pulumi stack export --show-secrets\``);
            }
            return { [SECRET_SIG]: SECRET_VALUE_SIG, value: convertSecrets(plain, where) };
        }
        if (typeof value.ciphertext === "string") return { [SECRET_SIG]: SECRET_VALUE_SIG, value: UNKNOWN };
        if ("value" in value) return { [SECRET_SIG]: SECRET_VALUE_SIG, value: convertSecrets(value.value, where) };
        throw new StackExportError(`${where()}: a secret has neither plaintext nor ciphertext`);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convertSecrets(v, where)]));
}

interface RawResource {
    urn: string;
    type: string;
    custom: boolean;
    id?: string;
    parent?: string;
    provider?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
}

function checkResource(raw: unknown, index: number, source: string): RawResource | undefined {
    const at = (what: string): StackExportError => new StackExportError(`${source}: deployment.resources[${index}] ${what}`);
    if (!isObject(raw)) throw at("is not an object");
    if (typeof raw.urn !== "string" || !raw.urn.startsWith("urn:pulumi:") || raw.urn.split("::").length < 4) {
        throw at(`has no valid "urn" (got ${JSON.stringify(raw.urn)})`);
    }
    const named = (what: string): StackExportError => new StackExportError(`${source}: resource ${raw.urn} ${what}`);
    if (raw.delete === true) return undefined;
    if (typeof raw.type !== "string" || raw.type === "") throw named(`has no "type"`);
    if (raw.custom !== undefined && typeof raw.custom !== "boolean") throw named(`has a non-boolean "custom"`);
    for (const key of ["parent", "provider", "id"] as const) {
        if (raw[key] !== undefined && typeof raw[key] !== "string") throw named(`has a non-string "${key}"`);
    }
    for (const key of ["inputs", "outputs", "propertyDependencies"] as const) {
        if (raw[key] !== undefined && !isObject(raw[key])) throw named(`has "${key}" that is not an object`);
    }
    const isUrnList = (v: unknown): v is string[] => Array.isArray(v) && v.every((u) => typeof u === "string");
    if (raw.dependencies !== undefined && !isUrnList(raw.dependencies)) throw named(`has "dependencies" that is not a list of URNs`);
    const propertyDependencies = (raw.propertyDependencies ?? {}) as Record<string, unknown>;
    for (const [key, urns] of Object.entries(propertyDependencies)) {
        if (!isUrnList(urns)) throw named(`has propertyDependencies.${key} that is not a list of URNs`);
    }
    const where = (): string => `${source}: resource ${raw.urn}`;
    return {
        urn: raw.urn,
        type: raw.type,
        custom: raw.custom === true,
        id: raw.id as string | undefined,
        parent: raw.parent as string | undefined,
        provider: raw.provider as string | undefined,
        dependencies: (raw.dependencies ?? []) as string[],
        propertyDependencies: propertyDependencies as Record<string, string[]>,
        inputs: convertSecrets(raw.inputs ?? {}, where) as Record<string, unknown>,
        outputs: convertSecrets(raw.outputs ?? {}, where) as Record<string, unknown>,
    };
}

/** Converts parsed `pulumi stack export` JSON from `source` (a file name, for messages) to captured resources. */
export function readStackExport(json: unknown, source: string): CapturedResource[] {
    if (!isObject(json))
        throw new StackExportError(
            `${source}: not a stack export (expected a JSON object with "version" and "deployment"; make one with 'pulumi stack export --file FILE')`,
        );
    if (!("version" in json) && !("deployment" in json)) {
        throw new StackExportError(
            `${source}: holds stack outputs or other JSON, not a stack export (no "version" and "deployment"); audit takes 'pulumi stack export --file FILE', and verify takes 'pulumi stack output --json'`,
        );
    }
    if (!SUPPORTED_VERSIONS.includes(json.version as number)) {
        throw new StackExportError(`${source}: unsupported deployment version ${JSON.stringify(json.version)}; expected 3, as 'pulumi stack export' writes`);
    }
    if (!isObject(json.deployment)) throw new StackExportError(`${source}: has no "deployment" object`);
    const resources = json.deployment.resources ?? [];
    if (!Array.isArray(resources)) throw new StackExportError(`${source}: deployment.resources is not a list`);
    const raws = resources.map((r, i) => checkResource(r, i, source)).filter((r): r is RawResource => r !== undefined);
    const providers = new Map(raws.filter((r) => isProviderType(r.type)).map((r) => [r.urn, r]));
    return raws.map((raw): CapturedResource => {
        const captured: CapturedResource = {
            urn: raw.urn,
            type: raw.type,
            name: urnName(raw.urn),
            custom: raw.custom,
            dependencies: raw.dependencies,
            propertyDependencies: raw.propertyDependencies,
            inputs: raw.inputs,
            outputs: raw.outputs,
        };
        if (raw.parent !== undefined && raw.parent !== "") captured.parent = raw.parent;
        if (raw.provider !== undefined && raw.provider !== "") captured.provider = resolveProvider(raw, providers, source);
        return captured;
    });
}

/** The provider resource a `<urn>::<id>` reference names. */
function resolveProvider(raw: RawResource, providers: Map<string, RawResource>, source: string): ProviderReference {
    const ref = raw.provider as string;
    const cut = ref.lastIndexOf("::");
    const urn = cut > 0 ? ref.slice(0, cut) : ref;
    const provider = providers.get(urn);
    if (provider === undefined) {
        throw new StackExportError(`${source}: resource ${raw.urn} names provider ${JSON.stringify(ref)}, which is not a provider resource in this export`);
    }
    return { urn: provider.urn, type: provider.type, name: urnName(provider.urn), properties: provider.inputs };
}

/** Converts stack export text read from `source` (`stdin`, for messages); every failure is a {@link StackExportError}. */
export function readStackExportText(text: string, source: string): CapturedResource[] {
    return readStackExport(
        parseJsonText(text, source, (message) => new StackExportError(message)),
        source,
    );
}

/** Reads and converts a stack export file; every failure is a {@link StackExportError} naming the file. */
export function readStackExportFile(file: string): CapturedResource[] {
    const json = readJsonFile(file, (message) => new StackExportError(`${message}; give the file \`pulumi stack export --file FILE\` writes`));
    return readStackExport(json, file);
}
