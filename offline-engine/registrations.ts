/**
 * The engine's ledger of one deployment: every registration as the Pulumi engine holds it when it calls a policy
 * pack. URNs engine-style (children of the root stack unprefixed), parent, dependencies, property dependencies,
 * provider (explicit, or the default provider the engine creates from the stack's config), inputs after the
 * provider's Check (./auto-naming), outputs (preview: unknown computed outputs; update: plausible values), and the
 * source position of each registration. Reads (`X.get`) are indexed but kept out of the news, as the engine keeps
 * them out (pkg/resource/deploy/step_executor.go). Both the gRPC resource monitor (./resource-monitor) and the
 * test-only mock capture (testing/mock-capture) feed it the SDK's own request messages.
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { SECRET_SIG, SECRET_VALUE_SIG, UNKNOWN, isObject } from "../state/wire";
import { isProviderType } from "../state/urn";
import type { CapturedResource, ProviderReference, SourcePosition } from "../state/captured-resource";
import { checkedInputs } from "./auto-naming";
import { mergeOutputs, plausibleOutputs, type OutputContext } from "./plausible-outputs";
import { UserError } from "../user-error";

/** The program failed: it threw, a registration failed, or it asked for something the engine cannot answer. */
export class ProgramError extends UserError {}

/** The region a stack's AWS resources go to when neither they, their provider nor `aws:region` names one. */
const DEFAULT_REGION = "us-east-1";

type Struct = { toJavaScript(): Record<string, unknown> } | undefined;

/** What the ledger reads of a RegisterResourceRequest (the SDK's own message). */
export interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getObject(): Struct;
    getProvider(): string;
    getVersion(): string;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(cb: (v: { getUrnsList(): string[] }, k: string) => void): void };
    getImportid(): string;
    getSourceposition?(): Position;
    getStacktrace?(): { getFramesList(): { getPc(): Position }[] } | undefined;
}

/** What the ledger reads of a ReadResourceRequest. */
export interface ReadRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getId(): string;
    getProperties(): Struct;
    getProvider(): string;
    getVersion(): string;
    getDependenciesList(): string[];
}

/** The output-value envelope the SDK may send for an input (`rpc.ts` `specialOutputValueSig`). */
const OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

/**
 * A wire value as the engine unmarshals a registration's inputs: an output-value envelope becomes its value
 * (the unknown sentinel when it has none), kept secret when it was secret.
 */
export function withoutOutputValues(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(withoutOutputValues);
    if (!isObject(value)) return value;
    if (value[SECRET_SIG] === OUTPUT_VALUE_SIG) {
        const inner = "value" in value ? withoutOutputValues(value.value) : UNKNOWN;
        return value.secret === true ? { [SECRET_SIG]: SECRET_VALUE_SIG, value: inner } : inner;
    }
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
        const w = withoutOutputValues(v);
        if (w !== v) changed = true;
        out[k] = w;
    }
    return changed ? out : value;
}

/** A wire value with secrets unwrapped (unknowns stay the sentinel): what plausible outputs are computed from. */
export function plain(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(plain);
    if (!isObject(value)) return value;
    if (SECRET_SIG in value) return plain(value.value);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
}

/** The URN the engine gives a resource: its parent's qualified type prefixes its own, except for the root stack. */
export function engineUrn(project: string, stack: string, type: string, name: string, parent: string): string {
    let qualified = type;
    if (parent) {
        const parentType = parent.split("::")[2] ?? "";
        if (parentType !== "pulumi:pulumi:Stack") qualified = `${parentType}$${type}`;
    }
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** The URN part of a `<urn>::<id>` provider reference. */
function providerUrn(ref: string): string {
    return ref.slice(0, ref.lastIndexOf("::"));
}

/** A config value for a default provider: JSON objects and lists as values, everything else as the string. */
function providerConfigValue(value: string): unknown {
    if (/^\s*[[{]/.test(value)) {
        try {
            return JSON.parse(value);
        } catch {
            return value;
        }
    }
    return value;
}

type Position = { getUri(): string; getLine(): number } | undefined;

/** A file URI as a path, or undefined when it is not one. */
function filePath(uri: string): string | undefined {
    if (!uri.startsWith("file:")) return undefined;
    try {
        return fileURLToPath(uri);
    } catch {
        return undefined;
    }
}

/**
 * A source position as a path and line (file URIs decoded; other URIs kept as they are); undefined when empty.
 * In an ES module the SDK reads each frame's file as a `file:` URL and passes that to `pathToFileURL` as if it
 * were a path (sdk/nodejs/resource.ts `stackTrace`), which makes `file:///<cwd>/file:/<path>`: the URL inside is
 * decoded too.
 */
function positionOf(position: Position): SourcePosition | undefined {
    if (position === undefined || position.getUri() === "") return undefined;
    const uri = position.getUri();
    let file = filePath(uri) ?? uri;
    const nested = file.indexOf(`${path.sep}file:`);
    if (nested >= 0) file = filePath(file.slice(nested + 1).replaceAll(path.sep, "/")) ?? file;
    return { file, line: position.getLine() };
}

/**
 * Where the program registered a resource: the first frame of the SDK's `stackTrace` (then its `sourcePosition`)
 * that lies in the program's own code, under `root` and outside node_modules, so that a resource a component or
 * a helper package makes points at the user's line that made it; else the SDK's `sourcePosition` as it is.
 */
function sourcePositionOf(req: RegisterRequest, root: string | undefined): SourcePosition | undefined {
    const own = positionOf(req.getSourceposition?.());
    if (root === undefined) return own;
    const inside = root.endsWith(path.sep) ? root : root + path.sep;
    const isUsers = (p: SourcePosition | undefined): boolean =>
        p !== undefined && p.file.startsWith(inside) && !p.file.slice(inside.length).split(path.sep).includes("node_modules");
    // Most registrations are the program's own: its frames are decoded only when the first is not.
    if (isUsers(own)) return own;
    for (const frame of req.getStacktrace?.()?.getFramesList() ?? []) {
        const position = positionOf(frame.getPc());
        if (isUsers(position)) return position;
    }
    return own;
}

/** What a registration's answer carries back to the program: its id ("" while unknown) and its outputs. */
export interface RegistrationAnswer {
    id: string;
    outputs: Record<string, unknown>;
}

/** The stack a ledger belongs to and how it answers. */
export interface LedgerOptions {
    project: string;
    stack: string;
    /** True in a preview: computed outputs stay unknown. */
    preview: boolean;
    /** The stack's config, `namespace:key` to string value. */
    config: Record<string, string>;
    /** The program's root directory (real path), where registrations are placed in the user's own code. */
    root?: string;
}

/** Every registration of one program run, in registration order, and the bookkeeping the engine does for it. */
export class Registrations {
    /** The deployment's news, in registration order: what Analyze and AnalyzeStack see. */
    readonly resources: CapturedResource[] = [];
    private readonly byUrn = new Map<string, CapturedResource>();

    constructor(readonly options: LedgerOptions) {}

    /** The resource with `urn` (registered or read), if any. */
    get(urn: string): CapturedResource | undefined {
        return this.byUrn.get(urn);
    }

    private add(resource: CapturedResource): void {
        this.index(resource);
        this.resources.push(resource);
    }

    /** Makes a resource findable by URN (as a parent or provider); a read stops here and is never sent to the pack. */
    private index(resource: CapturedResource): void {
        if (this.byUrn.has(resource.urn)) {
            throw new ProgramError(`Duplicate resource URN '${resource.urn}'; try giving it a unique name`);
        }
        this.byUrn.set(resource.urn, resource);
    }

    /** The region a resource's provider targets: explicit provider's `region`, else the stack's `aws:region`. */
    providerRegion(providerRef: string): string {
        const region = providerRef ? plain(this.byUrn.get(providerUrn(providerRef))?.inputs.region) : undefined;
        if (typeof region === "string" && region !== UNKNOWN) return region;
        return this.options.config["aws:region"] ?? DEFAULT_REGION;
    }

    /** The region for a resource's ARNs: its own `region` input, else its provider's. */
    context(inputs: Record<string, unknown>, providerRef: string): OutputContext {
        const own = plain(inputs.region);
        return { region: typeof own === "string" && own !== UNKNOWN ? own : this.providerRegion(providerRef) };
    }

    /** The key auto-names are derived from: the stack, as a URN prefix. */
    stackKey(): string {
        return `${this.options.stack}::${this.options.project}`;
    }

    /** The default provider the engine creates for `pkg` at `version`, from the stack's `<pkg>:*` config. */
    private defaultProvider(pkg: string, version: string): ProviderReference {
        const name = version ? `default_${version.replace(/[.-]/g, "_")}` : "default";
        const urn = `urn:pulumi:${this.options.stack}::${this.options.project}::pulumi:providers:${pkg}::${name}`;
        let provider = this.byUrn.get(urn);
        if (provider === undefined) {
            const inputs: Record<string, unknown> = {};
            for (const [key, value] of Object.entries(this.options.config)) {
                if (key.startsWith(`${pkg}:`)) inputs[key.slice(pkg.length + 1)] = providerConfigValue(value);
            }
            if (version) inputs.version = version;
            provider = { urn, type: `pulumi:providers:${pkg}`, name, custom: true, dependencies: [], propertyDependencies: {}, inputs, outputs: inputs };
            this.add(provider);
        }
        return { urn, type: provider.type, name, properties: provider.inputs };
    }

    /** The provider reference of a custom resource: the explicit one it names, or its package's default. */
    private provider(type: string, ref: string, version: string): ProviderReference | undefined {
        if (ref) {
            const urn = providerUrn(ref);
            const provider = this.byUrn.get(urn);
            return {
                urn,
                type: provider?.type ?? urn.split("::")[2] ?? "",
                name: provider?.name ?? urn.slice(urn.lastIndexOf("::") + 2),
                properties: provider?.inputs ?? {},
            };
        }
        const pkg = type.split(":")[0] ?? "";
        if (pkg === "pulumi") return undefined;
        return this.defaultProvider(pkg, version);
    }

    /**
     * Records a registration as the engine receives it (after its transforms), with its default provider first
     * when that is new. Returns the resource and the resources the ledger added for it, in order (the news the
     * analyzer is told about). Outputs are filled in by {@link finish}.
     */
    begin(
        req: RegisterRequest,
        inputs: Record<string, unknown> = req.getObject()?.toJavaScript() ?? {},
    ): { resource: CapturedResource; added: CapturedResource[] } {
        const before = this.resources.length;
        const type = req.getType();
        const name = req.getName();
        const parent = req.getParent();
        const custom = req.getCustom();
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((v, k) => (propertyDependencies[k] = v.getUrnsList()));
        const resource: CapturedResource = {
            urn: engineUrn(this.options.project, this.options.stack, type, name, parent),
            type,
            name,
            custom,
            dependencies: req.getDependenciesList(),
            propertyDependencies,
            // Analyze sees the inputs after the provider's Check, which fills in auto-names.
            inputs: checkedInputs(this.stackKey(), type, name, withoutOutputValues(inputs) as Record<string, unknown>),
            outputs: {},
        };
        if (parent) resource.parent = parent;
        const source = sourcePositionOf(req, this.options.root);
        if (source !== undefined) resource.source = source;
        if (custom && !isProviderType(type)) {
            const provider = this.provider(type, req.getProvider(), req.getVersion());
            if (provider !== undefined) resource.provider = provider;
        }
        this.add(resource);
        return { resource, added: this.resources.slice(before) };
    }

    /** Fills in a registered resource's outputs (inputs plus computed outputs, unknown in preview) and its answer. */
    finish(resource: CapturedResource, providerRef: string): RegistrationAnswer {
        if (!resource.custom) return { id: "", outputs: {} };
        if (isProviderType(resource.type)) {
            resource.outputs = resource.inputs;
            return { id: this.options.preview ? "" : `${resource.name}-id`, outputs: resource.inputs };
        }
        const inputs = plain(resource.inputs) as Record<string, unknown>;
        const computed = plausibleOutputs(resource.type, resource.name, inputs, this.context(resource.inputs, providerRef));
        resource.outputs = mergeOutputs(resource.inputs, computed, this.options.preview);
        if (this.options.preview) return { id: "", outputs: resource.inputs };
        const { id, ...state } = mergeOutputs(resource.inputs, computed, false);
        return { id: typeof id === "string" ? id : `${resource.name}-id`, outputs: state };
    }

    /** Records the outputs a component (or the stack) registered with `registerOutputs`. */
    registerOutputs(urn: string, outputs: Record<string, unknown>): CapturedResource | undefined {
        const resource = this.byUrn.get(urn);
        if (resource !== undefined) resource.outputs = outputs;
        return resource;
    }

    /**
     * Records a read (`Resource.get`) and returns the state the engine answers with: known, in preview as in
     * update, since the resource exists. The engine keeps reads apart from the deployment's news.
     */
    read(req: ReadRequest, state: Record<string, unknown>): CapturedResource {
        const type = req.getType();
        const parent = req.getParent();
        const resource: CapturedResource = {
            urn: engineUrn(this.options.project, this.options.stack, type, req.getName(), parent),
            type,
            name: req.getName(),
            custom: true,
            dependencies: req.getDependenciesList(),
            propertyDependencies: {},
            inputs: req.getProperties()?.toJavaScript() ?? {},
            outputs: state,
        };
        if (parent) resource.parent = parent;
        const provider = this.provider(type, req.getProvider(), req.getVersion());
        if (provider !== undefined) resource.provider = provider;
        this.index(resource);
        return resource;
    }

    /** The known state of an existing resource read with `X.get(name, id)`: its inputs with plausible outputs. */
    readState(type: string, name: string, inputs: Record<string, unknown>, providerRef: string): Record<string, unknown> {
        const computed = plausibleOutputs(type, name, plain(inputs) as Record<string, unknown>, this.context(inputs, providerRef));
        const { id: _id, ...state } = mergeOutputs(inputs, computed, false);
        return state;
    }
}
