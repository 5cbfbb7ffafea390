/**
 * Runs a Pulumi program under Pulumi's mock runtime and captures every registration the way the engine
 * would hold it: URN (engine-style, children of the root stack unprefixed), parent, dependencies, property
 * dependencies, provider (explicit, or the default provider the engine would create from config), inputs
 * in wire form and outputs (preview: unknown computed outputs; update: plausible values). Inputs are those
 * after the provider's Check (./auto-naming); reads (`X.get`) are kept out, as the engine keeps them out of its
 * news. This is the one place that drives @pulumi/pulumi's internals.
 */
import { createRequire } from "node:module";
import type * as pulumiSdk from "@pulumi/pulumi";
import { SECRET_SIG, UNKNOWN, isObject } from "../state/wire";
import { isProviderType } from "../state/urn";
import { type CapturedResource, type ProviderReference } from "../state/captured-resource";
import { checkedInputs } from "./auto-naming";
import { recordingLogs, type InvokeAnswers, type ProgramRun } from "./program-run";
import { mergeOutputs, plausibleOutputs, type OutputContext } from "./plausible-outputs";
import { answerInvoke, stackReferenceState } from "./data-sources";
import { ProjectError, qualifyConfigKey } from "./program-dir";
import { programRunner } from "./program-loader";
import { programStack } from "./program-stack";
import { checkSdkVersion } from "./sdk-version";
import { UserError } from "../user-error";

/** How to run a program: preview (unknown outputs) or update (plausible outputs), and its stack config. */
export interface CaptureOptions {
    preview: boolean;
    project?: string;
    stack?: string;
    /** Config as `namespace:key` (or bare keys, which belong to the project) to string value. */
    config?: Record<string, string>;
    /** Answers to data source calls; when given, any other call fails the run (default: the plausible answers). */
    invokes?: InvokeAnswers;
}

/** The program failed: it threw, a registration failed, or it asked for something the mock cannot answer. */
export class ProgramError extends UserError {}

const DEFAULT_REGION = "us-east-1";

/** The parts of one @pulumi/pulumi copy the capture drives. */
interface Sdk {
    MockMonitor: new (mocks: pulumiSdk.runtime.Mocks) => MockMonitorLike;
    setMockOptions(monitor: unknown, project: string, stack: string, preview: boolean, organization?: string): void;
    setAllConfig(config: Record<string, string>, secretKeys: string[]): void;
    runInPulumiStack(init: () => Promise<unknown>): Promise<unknown>;
    waitForRPCs(): Promise<void>;
    store(): Record<string, unknown>;
}

/** What the capture uses of MockMonitor. */
interface MockMonitorLike {
    resources: Map<string, { urn: string; id: string | null; state: unknown }>;
    registerResource(req: RegisterRequest, callback: (err: unknown, res: RegisterResponse | undefined) => void): Promise<void>;
    readResource(req: ReadRequest, callback: (err: unknown, res: ReadResponse | undefined) => void): Promise<void>;
    registerResourceOutputs(req: OutputsRequest, callback: (err: unknown, res: unknown) => void): void;
}

type Struct = { toJavaScript(): Record<string, unknown> } | undefined;
interface RegisterRequest {
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
}
interface RegisterResponse {
    getUrn(): string;
    setUrn(urn: string): void;
}
interface ReadRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getId(): string;
    getProperties(): Struct;
    getProvider(): string;
    getVersion(): string;
    getDependenciesList(): string[];
}
type ReadResponse = RegisterResponse;
interface OutputsRequest {
    getUrn(): string;
    getOutputs(): Struct;
}

const sdks = new Map<string, Sdk>();

/** The @pulumi/pulumi copy that `fromDir` resolves (a program must be run by the SDK it imports). */
function loadSdk(fromDir?: string): Sdk {
    let index: string;
    try {
        index = require.resolve("@pulumi/pulumi", fromDir ? { paths: [fromDir] } : undefined);
    } catch {
        throw new ProjectError(`cannot find @pulumi/pulumi from ${fromDir}; install the project's dependencies (npm install) first`);
    }
    if (fromDir) checkSdkVersion(index, fromDir);
    let sdk = sdks.get(index);
    if (sdk === undefined) {
        const req = createRequire(index);
        const mocks = req("./runtime/mocks") as { MockMonitor: Sdk["MockMonitor"] };
        const settings = req("./runtime/settings") as { setMockOptions: Sdk["setMockOptions"]; waitForRPCs(): Promise<void> };
        const config = req("./runtime/config") as { setAllConfig: Sdk["setAllConfig"] };
        const stack = req("./runtime/stack") as { runInPulumiStack: Sdk["runInPulumiStack"] };
        const state = req("./runtime/state") as { getStore(): Record<string, unknown> };
        sdk = {
            MockMonitor: mocks.MockMonitor,
            setMockOptions: settings.setMockOptions,
            setAllConfig: config.setAllConfig,
            runInPulumiStack: stack.runInPulumiStack,
            waitForRPCs: settings.waitForRPCs,
            store: state.getStore,
        };
        sdks.set(index, sdk);
    }
    return sdk;
}

/** A wire value with secrets unwrapped (unknowns stay the sentinel): what plausible outputs are computed from. */
function plain(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(plain);
    if (!isObject(value)) return value;
    if (SECRET_SIG in value) return plain(value.value);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
}

/** The URN the engine gives a resource: its parent's qualified type prefixes its own, except for the root stack. */
function engineUrn(project: string, stack: string, type: string, name: string, parent: string): string {
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

/** The resources one program run registered, in registration order. */
class Capture {
    readonly resources: CapturedResource[] = [];
    private readonly byUrn = new Map<string, CapturedResource>();
    private readonly pending = new Set<Promise<unknown>>();
    readonly errors: unknown[] = [];
    /** What the run produced besides the resources (stack outputs and logs are filled in by runCapture). */
    readonly run: ProgramRun = { resources: this.resources, stackOutputs: undefined, componentOutputs: new Map(), importIds: new Map(), invokes: [], logs: [] };

    constructor(
        private readonly project: string,
        private readonly stack: string,
        private readonly preview: boolean,
        private readonly config: Record<string, string>,
        private readonly answers?: InvokeAnswers,
    ) {}

    track<T>(promise: Promise<T>): Promise<T> {
        this.pending.add(promise);
        void promise.finally(() => this.pending.delete(promise)).catch(() => undefined);
        return promise;
    }

    /** Resolves once no registration is in flight. */
    async idle(): Promise<void> {
        while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    }

    private add(resource: CapturedResource): void {
        this.index(resource);
        this.resources.push(resource);
    }

    /** Makes a resource findable by URN (as a parent or provider); a read stops here and is never sent to the pack. */
    private index(resource: CapturedResource): void {
        if (this.byUrn.has(resource.urn)) {
            throw new ProgramError(`duplicate resource URN ${resource.urn}; give the resource a unique name`);
        }
        this.byUrn.set(resource.urn, resource);
    }

    get(urn: string): CapturedResource | undefined {
        return this.byUrn.get(urn);
    }

    /** The region a resource's provider targets: explicit provider's `region`, else the stack's `aws:region`. */
    providerRegion(providerRef: string): string {
        const region = providerRef ? plain(this.byUrn.get(providerUrn(providerRef))?.inputs.region) : undefined;
        if (typeof region === "string" && region !== UNKNOWN) return region;
        return this.config["aws:region"] ?? DEFAULT_REGION;
    }

    /** The region for a resource's ARNs: its own `region` input, else its provider's. */
    context(inputs: Record<string, unknown>, providerRef: string): OutputContext {
        const own = plain(inputs.region);
        return { region: typeof own === "string" && own !== UNKNOWN ? own : this.providerRegion(providerRef) };
    }

    /** The default provider the engine creates for `pkg` at `version`, from the stack's `<pkg>:*` config. */
    private defaultProvider(pkg: string, version: string): ProviderReference {
        const name = version ? `default_${version.replace(/[.-]/g, "_")}` : "default";
        const urn = `urn:pulumi:${this.stack}::${this.project}::pulumi:providers:${pkg}::${name}`;
        let provider = this.byUrn.get(urn);
        if (provider === undefined) {
            const inputs: Record<string, unknown> = {};
            for (const [key, value] of Object.entries(this.config)) {
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

    /** Records a registration as the engine receives it; outputs are filled in by {@link finish}. */
    begin(req: RegisterRequest): CapturedResource {
        const type = req.getType();
        const name = req.getName();
        const parent = req.getParent();
        const custom = req.getCustom();
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((v, k) => (propertyDependencies[k] = v.getUrnsList()));
        // Analyze sees the inputs after the provider's Check, which fills in auto-names.
        const inputs = checkedInputs(this.stackKey(), type, name, req.getObject()?.toJavaScript() ?? {});
        const resource: CapturedResource = {
            urn: engineUrn(this.project, this.stack, type, name, parent),
            type,
            name,
            custom,
            dependencies: req.getDependenciesList(),
            propertyDependencies,
            inputs,
            outputs: {},
        };
        if (parent) resource.parent = parent;
        if (req.getImportid()) this.run.importIds.set(resource.urn, req.getImportid());
        if (custom && !isProviderType(type)) {
            const provider = this.provider(type, req.getProvider(), req.getVersion());
            if (provider !== undefined) resource.provider = provider;
        }
        this.add(resource);
        return resource;
    }

    /** Fills in a registered resource's outputs: inputs plus computed outputs, unknown in preview. */
    finish(resource: CapturedResource, providerRef: string): void {
        if (!resource.custom) return;
        if (isProviderType(resource.type)) {
            resource.outputs = resource.inputs;
            return;
        }
        const inputs = plain(resource.inputs) as Record<string, unknown>;
        const computed = plausibleOutputs(resource.type, resource.name, inputs, this.context(resource.inputs, providerRef));
        resource.outputs = mergeOutputs(resource.inputs, computed, this.preview);
    }

    /** The key auto-names are derived from: the stack, as a URN prefix. */
    private stackKey(): string {
        return `${this.stack}::${this.project}`;
    }

    /**
     * Records a read (`Resource.get`): its state is known, in preview as in update. The engine keeps reads apart
     * from the deployment's news (pkg/resource/deploy/step_executor.go), so no policy ever sees them.
     */
    read(req: ReadRequest, state: Record<string, unknown>): CapturedResource {
        const type = req.getType();
        const parent = req.getParent();
        const resource: CapturedResource = {
            urn: engineUrn(this.project, this.stack, type, req.getName(), parent),
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

    /** A data source call answered by the run's own answers; one they do not cover fails the run. */
    private answer(token: string, inputs: Record<string, unknown>): Record<string, unknown> {
        const answer = this.answers?.[token];
        if (answer !== undefined) return answer(inputs);
        const err = new ProgramError(`the program calls the data source '${token}', which this run does not answer`);
        this.errors.push(err);
        throw asRpcError(err);
    }

    /** The mocks the SDK sees: the same plausible values, as plain JavaScript. */
    mocks(): pulumiSdk.runtime.Mocks {
        return {
            newResource: (args) => {
                if (args.type === "pulumi:pulumi:StackReference") {
                    return {
                        id: args.id ?? args.name,
                        state: stackReferenceState(String((args.inputs as Record<string, unknown>).name ?? args.name), this.preview),
                    };
                }
                const inputs = args.id
                    ? (args.inputs as Record<string, unknown>)
                    : checkedInputs(this.stackKey(), args.type, args.name, args.inputs as Record<string, unknown>);
                if (args.type.startsWith("pulumi:providers:") || args.custom === false)
                    return { id: this.preview ? undefined : `${args.name}-id`, state: inputs };
                const ctx = this.context(inputs, args.provider ?? "");
                const computed = plausibleOutputs(args.type, args.name, inputs, ctx);
                const id = typeof computed.id === "string" ? computed.id : `${args.name}-id`;
                if (args.id) {
                    // A read: the resource exists, so its state is known even in preview.
                    const { id: _, ...state } = mergeOutputs(inputs, computed, false);
                    return { id: args.id, state };
                }
                if (this.preview) return { id: undefined, state: inputs };
                const { id: _id, ...state } = mergeOutputs(inputs, computed, false);
                return { id, state };
            },
            call: (args) => {
                this.run.invokes.push({ token: args.token, inputs: args.inputs as Record<string, unknown> });
                if (this.answers !== undefined) return this.answer(args.token, args.inputs as Record<string, unknown>);
                return answerInvoke(args.token, args.inputs as Record<string, unknown>, {
                    region: this.providerRegion(args.provider ?? ""),
                    preview: this.preview,
                    resources: this.resources,
                    config: this.config,
                });
            },
        };
    }
}

/** Wraps MockMonitor's registration calls so each request is captured before the mock answers it. */
function captureMonitor(sdk: Sdk, capture: Capture): MockMonitorLike {
    const monitor = new sdk.MockMonitor(capture.mocks());
    const rekey = (mockUrn: string, urn: string): void => {
        const entry = monitor.resources.get(mockUrn);
        if (entry === undefined || mockUrn === urn) return;
        monitor.resources.delete(mockUrn);
        monitor.resources.set(urn, { ...entry, urn });
    };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) =>
        capture.track(
            (async () => {
                let resource: CapturedResource;
                try {
                    resource = capture.begin(req);
                } catch (err) {
                    capture.errors.push(err);
                    return callback(asRpcError(err), undefined);
                }
                await register(req, (err, res) => {
                    if (res && !err) {
                        rekey(res.getUrn(), resource.urn);
                        res.setUrn(resource.urn);
                        capture.finish(resource, req.getProvider());
                    } else {
                        capture.errors.push(err);
                    }
                    callback(err, res);
                });
            })(),
        );
    const read = monitor.readResource.bind(monitor);
    monitor.readResource = (req, callback) =>
        capture.track(
            read(req, (err, res) => {
                if (res && !err) {
                    try {
                        const state = (res as unknown as { getProperties(): Struct }).getProperties()?.toJavaScript() ?? {};
                        const resource = capture.read(req, state);
                        rekey(res.getUrn(), resource.urn);
                        res.setUrn(resource.urn);
                    } catch (captureErr) {
                        capture.errors.push(captureErr);
                        return callback(asRpcError(captureErr), undefined);
                    }
                }
                callback(err, res);
            }),
        );
    const outputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req, callback) => {
        const resource = capture.get(req.getUrn());
        if (resource !== undefined) resource.outputs = req.getOutputs()?.toJavaScript() ?? {};
        if (resource !== undefined && !resource.custom) capture.run.componentOutputs.set(resource.urn, resource.outputs);
        outputs(req, callback);
    };
    return monitor;
}

/** `err` as the SDK expects a failed RPC: it rethrows `new Error(err.details)`. */
function asRpcError(err: unknown): unknown {
    if (err instanceof Error && !("details" in err)) Object.assign(err, { details: err.message });
    return err;
}

/** What a thrown value says, for a ProgramError. */
function describe(err: unknown): string {
    if (err instanceof ProgramError) return err.message;
    if (err instanceof Error) return err.message;
    return String(err);
}

let queue: Promise<unknown> = Promise.resolve();

/** Runs `program` with `sdk` under the capturing mock monitor; one capture at a time per process. */
function runCapture(sdk: Sdk, program: () => unknown, options: CaptureOptions, label: string, secretKeys: string[] = []): Promise<ProgramRun> {
    const run = async (): Promise<ProgramRun> => {
        const project = options.project ?? "proj";
        const stack = options.stack ?? "dev";
        const config = Object.fromEntries(Object.entries(options.config ?? {}).map(([k, v]) => [qualifyConfigKey(k, project), v]));
        const capture = new Capture(project, stack, options.preview, config, options.invokes);
        sdk.setMockOptions(captureMonitor(sdk, capture), project, stack, options.preview);
        // The features MockMonitor supports, as setMocks declares them (setMockOptions resets them).
        Object.assign(sdk.store(), {
            supportsSecrets: true,
            supportsResourceReferences: true,
            supportsOutputValues: false,
            supportsDeletedWith: true,
            supportsReplaceWith: true,
            supportsAliasSpecs: true,
            supportsTransforms: true,
            supportsInvokeTransforms: true,
            supportsParameterization: true,
            supportsResourceHooks: true,
            supportsErrorHooks: true,
            supportsInvokeDependsOn: false,
        });
        sdk.setAllConfig(config, secretKeys);
        const unhandled = (reason: unknown): void => void capture.errors.push(reason);
        process.on("unhandledRejection", unhandled);
        try {
            const outputs = await recordingLogs(capture.run.logs, () => sdk.runInPulumiStack(async () => await program()));
            capture.run.stackOutputs = outputs as Record<string, unknown> | undefined;
            await sdk.waitForRPCs();
            await capture.idle();
            await sdk.waitForRPCs();
        } catch (err) {
            const first = capture.errors.find((e) => e instanceof ProgramError) ?? err;
            throw new ProgramError(`${label} failed: ${describe(first)}`, { cause: first });
        } finally {
            // Rejections the SDK leaves behind surface a turn later; they belong to this capture.
            await new Promise((resolve) => setImmediate(resolve));
            process.off("unhandledRejection", unhandled);
        }
        if (capture.errors.length > 0) throw new ProgramError(`${label} failed: ${describe(capture.errors[0])}`, { cause: capture.errors[0] });
        return capture.run;
    };
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
}

/** Runs `program` under Pulumi's mock runtime and returns every registration, as the engine would hold it. */
export function captureProgram(program: () => unknown, options: CaptureOptions): Promise<CapturedResource[]> {
    return runProgram(program, options).then((run) => run.resources);
}

/** Runs `program` under Pulumi's mock runtime and returns all it produced (./program-run). */
export function runProgram(program: () => unknown, options: CaptureOptions): Promise<ProgramRun> {
    let sdk: Sdk;
    try {
        sdk = loadSdk();
    } catch (err) {
        return Promise.reject(err);
    }
    return runCapture(sdk, program, options, "the program");
}

/**
 * Runs the Pulumi project in `dir` (Pulumi.yaml `main` or the directory's index.ts/index.js) with the
 * stack config of `Pulumi.<stack>.yaml` overlaid by `options.config`, and returns every registration.
 */
export function captureProgramDir(dir: string, options: { preview: boolean; stack?: string; config?: Record<string, string> }): Promise<CapturedResource[]> {
    try {
        const { root, project, stack, config, secretKeys } = programStack(dir, options);
        const sdk = loadSdk(root);
        const program = programRunner(project, root);
        return runCapture(sdk, program, { preview: options.preview, project: project.name, stack, config }, `the program in ${dir}`, secretKeys).then(
            (run) => run.resources,
        );
    } catch (err) {
        return Promise.reject(err);
    }
}
