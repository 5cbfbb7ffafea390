/**
 * For tests: runs a program function in this process under Pulumi's mock runtime (`setMocks`, the documented way
 * to unit-test components) and records every registration in the engine's ledger (offline-engine/registrations),
 * as the engine would hold it. The product runs programs through Pulumi's own runner instead
 * (offline-engine/program-runner); this is how component and policy tests build stacks from closures.
 */
import type * as pulumiSdk from "@pulumi/pulumi";
import type { CapturedResource } from "../state/captured-resource";
import { recordingLogs, type InvokeAnswers, type ProgramRun } from "./program-run";
import { answerInvoke, stackReferenceState } from "../offline-engine/data-sources";
import { qualifyConfigKey } from "../offline-engine/program-dir";
import { ProgramError, Registrations, type ReadRequest, type RegisterRequest } from "../offline-engine/registrations";
import { checkedInputs } from "../offline-engine/auto-naming";
import { mergeOutputs, plausibleOutputs } from "../offline-engine/plausible-outputs";

export { ProgramError } from "../offline-engine/registrations";

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

/** What the capture uses of MockMonitor. */
interface MockMonitorLike {
    resources: Map<string, { urn: string; id: string | null; state: unknown }>;
    registerResource(req: RegisterRequest, callback: (err: unknown, res: RegisterResponse | undefined) => void): Promise<void>;
    readResource(req: ReadRequest, callback: (err: unknown, res: ReadResponse | undefined) => void): Promise<void>;
    registerResourceOutputs(req: OutputsRequest, callback: (err: unknown, res: unknown) => void): void;
}

type Struct = { toJavaScript(): Record<string, unknown> } | undefined;
interface RegisterResponse {
    getUrn(): string;
    setUrn(urn: string): void;
}
type ReadResponse = RegisterResponse;
interface OutputsRequest {
    getUrn(): string;
    getOutputs(): Struct;
}

/** The registrations of one mock run, in the engine's ledger, and the mocks that answer the SDK from it. */
class Capture {
    readonly ledger: Registrations;
    private readonly pending = new Set<Promise<unknown>>();
    readonly errors: unknown[] = [];
    /** What the run produced besides the resources (stack outputs and logs are filled in by runCapture). */
    readonly run: ProgramRun;

    constructor(
        options: { project: string; stack: string; preview: boolean; config: Record<string, string> },
        private readonly answers?: InvokeAnswers,
    ) {
        this.ledger = new Registrations(options);
        this.run = { resources: this.ledger.resources, stackOutputs: undefined, componentOutputs: new Map(), importIds: new Map(), invokes: [], logs: [] };
    }

    private get preview(): boolean {
        return this.ledger.options.preview;
    }

    track<T>(promise: Promise<T>): Promise<T> {
        this.pending.add(promise);
        void promise.finally(() => this.pending.delete(promise)).catch(() => undefined);
        return promise;
    }

    /** Resolves once no registration is in flight. */
    async idle(): Promise<void> {
        while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
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
                    : checkedInputs(this.ledger.stackKey(), args.type, args.name, args.inputs as Record<string, unknown>);
                if (args.type.startsWith("pulumi:providers:") || args.custom === false)
                    return { id: this.preview ? undefined : `${args.name}-id`, state: inputs };
                if (args.id) return { id: args.id, state: this.ledger.readState(args.type, args.name, inputs, args.provider ?? "") };
                if (this.preview) return { id: undefined, state: inputs };
                const computed = plausibleOutputs(args.type, args.name, inputs, this.ledger.context(inputs, args.provider ?? ""));
                const { id, ...state } = mergeOutputs(inputs, computed, false);
                return { id: typeof id === "string" ? id : `${args.name}-id`, state };
            },
            call: (args) => {
                this.run.invokes.push({ token: args.token, inputs: args.inputs as Record<string, unknown> });
                if (this.answers !== undefined) return this.answer(args.token, args.inputs as Record<string, unknown>);
                return answerInvoke(args.token, args.inputs as Record<string, unknown>, {
                    region: this.ledger.providerRegion(args.provider ?? ""),
                    preview: this.preview,
                    resources: this.ledger.resources,
                    config: this.ledger.options.config,
                });
            },
        };
    }
}

/** The parts of @pulumi/pulumi the capture drives. */
interface Sdk {
    MockMonitor: new (mocks: pulumiSdk.runtime.Mocks) => MockMonitorLike;
    setMockOptions(monitor: unknown, project: string, stack: string, preview: boolean, organization?: string): void;
    setAllConfig(config: Record<string, string>, secretKeys: string[]): void;
    runInPulumiStack(init: () => Promise<unknown>): Promise<unknown>;
    waitForRPCs(): Promise<void>;
    store(): Record<string, unknown>;
}

/** @pulumi/pulumi's runtime internals, as this package resolves them. */
function loadSdk(): Sdk {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const mocks = require("@pulumi/pulumi/runtime/mocks") as { MockMonitor: Sdk["MockMonitor"] };
    const settings = require("@pulumi/pulumi/runtime/settings") as { setMockOptions: Sdk["setMockOptions"]; waitForRPCs(): Promise<void> };
    const config = require("@pulumi/pulumi/runtime/config") as { setAllConfig: Sdk["setAllConfig"] };
    const stack = require("@pulumi/pulumi/runtime/stack") as { runInPulumiStack: Sdk["runInPulumiStack"] };
    const state = require("@pulumi/pulumi/runtime/state") as { getStore(): Record<string, unknown> };
    /* eslint-enable @typescript-eslint/no-require-imports */
    return {
        MockMonitor: mocks.MockMonitor,
        setMockOptions: settings.setMockOptions,
        setAllConfig: config.setAllConfig,
        runInPulumiStack: stack.runInPulumiStack,
        waitForRPCs: settings.waitForRPCs,
        store: state.getStore,
    };
}

/** Wraps MockMonitor's registration calls so each request is recorded in the ledger before the mock answers it. */
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
                    resource = capture.ledger.begin(req).resource;
                } catch (err) {
                    capture.errors.push(err);
                    return callback(asRpcError(err), undefined);
                }
                if (req.getImportid()) capture.run.importIds.set(resource.urn, req.getImportid());
                await register(req, (err, res) => {
                    if (res && !err) {
                        rekey(res.getUrn(), resource.urn);
                        res.setUrn(resource.urn);
                        capture.ledger.finish(resource, req.getProvider());
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
                        const resource = capture.ledger.read(req, state);
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
        const resource = capture.ledger.registerOutputs(req.getUrn(), req.getOutputs()?.toJavaScript() ?? {});
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
function runCapture(sdk: Sdk, program: () => unknown, options: CaptureOptions, label: string): Promise<ProgramRun> {
    const run = async (): Promise<ProgramRun> => {
        const project = options.project ?? "proj";
        const stack = options.stack ?? "dev";
        const config = Object.fromEntries(Object.entries(options.config ?? {}).map(([k, v]) => [qualifyConfigKey(k, project), v]));
        const capture = new Capture({ project, stack, preview: options.preview, config }, options.invokes);
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
        sdk.setAllConfig(config, []);
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
