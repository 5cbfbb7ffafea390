/**
 * The engine side of a program run: Pulumi's ResourceMonitor and Engine gRPC services, served on loopback for
 * the program's own `@pulumi/pulumi/cmd/run` (./program-process) to talk to, answering as the Pulumi engine does
 * (pkg/resource/deploy/source_eval.go): registrations get their engine URN and, in a preview, their inputs back as
 * outputs with computed outputs left out (the SDK makes those unknown); with `--update`, plausible outputs.
 * Transforms run through the program's own Callbacks server (./transforms); data sources and stack references are
 * answered offline (./data-sources); the program's log reaches the CLI's stderr, its errors the run's result.
 */
import type * as grpcJs from "@grpc/grpc-js";
import type * as resourcePb from "@pulumi/pulumi/proto/resource_pb";
import type * as enginePb from "@pulumi/pulumi/proto/engine_pb";
import type * as callbackPb from "@pulumi/pulumi/proto/callback_pb";
import type { CapturedResource } from "../state/captured-resource";
import { engineProto } from "./proto";
import { ProgramError, Registrations, type LedgerOptions } from "./registrations";
import { answerInvoke, stackReferenceState } from "./data-sources";
import { Transforms } from "./transforms";
import { UNKNOWN } from "../state/wire";

/**
 * The resource monitor features the engine supports (source_eval.go `supportsFeatureID` and
 * `supportedMonitorFeatures`), by the id SDKs ask `SupportsFeature` for, to the `ResourceMonitorFeature` name
 * `GetDeploymentInfo` lists. Left out: state migrations, which the engine supports only when told to, and byte
 * strings, which this engine does not unmarshal.
 */
const FEATURES: Readonly<Record<string, string>> = {
    secrets: "SECRETS",
    resourceReferences: "RESOURCE_REFERENCES",
    outputValues: "OUTPUT_VALUES",
    aliasSpecs: "ALIAS_SPECS",
    replacementTrigger: "REPLACEMENT_TRIGGER",
    deletedWith: "DELETED_WITH",
    replaceWith: "REPLACE_WITH",
    transforms: "TRANSFORMS",
    invokeTransforms: "INVOKE_TRANSFORMS",
    parameterization: "PARAMETERIZATION",
    resourceHooks: "RESOURCE_HOOKS",
    errorHooks: "ERROR_HOOKS",
    sendsOptionsToHooks: "SENDS_OPTIONS_TO_HOOKS",
};

/** One message the program logged through the engine's Log service. */
export interface ProgramLog {
    severity: "debug" | "info" | "warning" | "error";
    message: string;
    urn: string;
}

/** What the monitor tells its owner while the program runs. */
export interface MonitorListener {
    /** New resources in the deployment's news, in registration order (a default provider before its first user). */
    news?(resources: CapturedResource[]): void;
    /** A message the program logged. */
    log?(entry: ProgramLog): void;
}

const SEVERITIES: readonly ProgramLog["severity"][] = ["debug", "info", "warning", "error"];

type Call<Req> = grpcJs.ServerUnaryCall<Req, unknown>;
type Done = grpcJs.sendUnaryData<unknown>;

/** A gRPC error the SDK shows as the program's failure (it rethrows `details`). */
function rpcError(err: unknown): Partial<grpcJs.StatusObject> {
    const { grpc } = engineProto();
    const message = err instanceof Error ? err.message : String(err);
    return { code: grpc.status.UNKNOWN, details: message, metadata: new grpc.Metadata() };
}

/** A service definition of the generated stubs: each method's request and response message classes. */
type ServiceDefinition = Record<string, { responseType: new () => unknown }>;

/**
 * A new response message of `method`, of the class the program's stubs expect there: a message class can move
 * between versions (Invoke answers `provider_pb.InvokeResponse` in @pulumi/pulumi 3.204 and
 * `resource_pb.ResourceInvokeResponse` in 3.270), so it is taken from the service definition, not named.
 */
function responseOf<T>(service: unknown, method: string): T {
    const definition = (service as ServiceDefinition)[method];
    if (definition === undefined) throw new Error(`the resource monitor stubs have no method ${method}`);
    return new definition.responseType() as T;
}

/** Runs `fn` for a unary call and answers with its result, or with its error. */
function unary<Req>(fn: (request: Req) => unknown): (call: Call<Req>, done: Done) => void {
    return (call, done) => {
        let result: unknown;
        try {
            result = fn(call.request);
        } catch (err) {
            return done(rpcError(err), null);
        }
        if (result instanceof Promise) {
            result.then(
                (value) => done(null, value),
                (err: unknown) => done(rpcError(err), null),
            );
        } else done(null, result);
    };
}

/** The engine of one program run: its ledger and the gRPC server the program talks to. */
export class ResourceMonitor {
    readonly registrations: Registrations;
    /** The program's root resource (the stack), once the SDK set it. */
    private root = "";
    /** Errors the engine raised while answering (shown if the program does not report its own). */
    readonly errors: unknown[] = [];
    private readonly transforms = new Transforms();
    /**
     * Whether the SDK said the program finished: it calls SignalAndWaitForShutdown from the runner's `beforeExit`
     * handler only after a successful run (cmd/run/index.ts), so a process that ends without it ended early.
     */
    finished = false;
    private server: grpcJs.Server | undefined;

    constructor(
        options: LedgerOptions,
        private readonly listener: MonitorListener = {},
    ) {
        this.registrations = new Registrations(options);
    }

    /** Starts serving both services on a loopback port and returns the address. */
    async listen(): Promise<string> {
        const { grpc, resourceRpc, engineRpc } = engineProto();
        const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
        server.addService(resourceRpc.ResourceMonitorService, this.monitorService() as unknown as grpcJs.UntypedServiceImplementation);
        server.addService(engineRpc.EngineService, this.engineService() as unknown as grpcJs.UntypedServiceImplementation);
        const port = await new Promise<number>((resolve, reject) =>
            server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
        );
        this.server = server;
        return `127.0.0.1:${port}`;
    }

    /** Stops serving and closes the connections to the program's callback servers. */
    close(): void {
        this.server?.forceShutdown();
        this.server = undefined;
        this.transforms.close();
    }

    private fail(err: unknown): never {
        this.errors.push(err);
        throw err;
    }

    private monitorService(): Record<string, unknown> {
        const { resource, resourceRpc, struct, empty } = engineProto();
        const service = resourceRpc.ResourceMonitorService;
        const ledger = this.registrations;
        return {
            supportsFeature: unary((req: resourcePb.SupportsFeatureRequest) =>
                responseOf<resourcePb.SupportsFeatureResponse>(service, "supportsFeature").setHassupport(Object.hasOwn(FEATURES, req.getId())),
            ),
            getDeploymentInfo: unary(() => {
                const info = responseOf<resourcePb.DeploymentInfo>(service, "getDeploymentInfo")
                    .setProject(ledger.options.project)
                    .setStack(ledger.options.stack)
                    .setDryrun(ledger.options.preview);
                const byName = resource.ResourceMonitorFeature as unknown as Record<string, number>;
                info.setSupportedfeaturesList(Object.values(FEATURES).map((name) => byName[`RESOURCE_MONITOR_FEATURE_${name}`] as number));
                return info;
            }),
            registerResource: unary(async (req: resourcePb.RegisterResourceRequest) => {
                const { props, own } = await this.transforms.apply(req).catch((err: unknown) => this.fail(err));
                let begun: ReturnType<Registrations["begin"]>;
                try {
                    begun = ledger.begin(req, props);
                } catch (err) {
                    return this.fail(err);
                }
                this.transforms.remember(begun.resource.urn, req.getParent(), own);
                this.listener.news?.(begun.added);
                const answer = ledger.finish(begun.resource, req.getProvider());
                const res = responseOf<resourcePb.RegisterResourceResponse>(service, "registerResource").setUrn(begun.resource.urn).setId(answer.id);
                res.setObject(struct.Struct.fromJavaScript(answer.outputs as Record<string, never>));
                return res;
            }),
            registerResourceOutputs: unary((req: resourcePb.RegisterResourceOutputsRequest) => {
                ledger.registerOutputs(req.getUrn(), req.getOutputs()?.toJavaScript() ?? {});
                return new empty.Empty();
            }),
            readResource: unary((req: resourcePb.ReadResourceRequest) => {
                const inputs = req.getProperties()?.toJavaScript() ?? {};
                const state =
                    req.getType() === "pulumi:pulumi:StackReference"
                        ? stackReferenceState(String(inputs.name ?? req.getId() ?? req.getName()), ledger.options.preview)
                        : ledger.readState(req.getType(), req.getName(), inputs, req.getProvider());
                let read: CapturedResource;
                try {
                    read = ledger.read(req, state);
                } catch (err) {
                    return this.fail(err);
                }
                return responseOf<resourcePb.ReadResourceResponse>(service, "readResource")
                    .setUrn(read.urn)
                    .setProperties(struct.Struct.fromJavaScript(state as Record<string, never>));
            }),
            invoke: unary(async (req: resourcePb.ResourceInvokeRequest) => {
                const { token, args } = await this.transforms
                    .applyToInvoke(req.getTok(), req.getArgs()?.toJavaScript() ?? {})
                    .catch((err: unknown) => this.fail(err));
                const result =
                    token === "pulumi:pulumi:getResource"
                        ? this.getResource(String(args.urn ?? ""))
                        : answerInvoke(token, args, {
                              region: ledger.providerRegion(req.getProvider()),
                              preview: ledger.options.preview,
                              resources: ledger.resources,
                              config: ledger.options.config,
                          });
                return responseOf<resourcePb.ResourceInvokeResponse>(service, "invoke").setReturn(
                    struct.Struct.fromJavaScript(result as Record<string, never>),
                );
            }),
            streamInvoke: (call: grpcJs.ServerWritableStream<unknown, unknown>) => {
                call.emit("error", rpcError(new ProgramError("streaming data sources are not supported offline")));
            },
            call: unary((req: resourcePb.ResourceCallRequest): unknown => {
                return this.fail(new ProgramError(`the program calls the method '${req.getTok()}', which cannot be answered offline`));
            }),
            registerStackTransform: unary((req: callbackPb.Callback) => {
                this.transforms.addStackTransform(req);
                return new empty.Empty();
            }),
            registerStackInvokeTransform: unary((req: callbackPb.Callback) => {
                this.transforms.addInvokeTransform(req);
                return new empty.Empty();
            }),
            // Hooks run around a deployment's steps; a preview and an offline update run none.
            registerResourceHook: unary(() => new empty.Empty()),
            registerErrorHook: unary(() => new empty.Empty()),
            registerPackage: unary((req: resourcePb.RegisterPackageRequest) =>
                responseOf<resourcePb.RegisterPackageResponse>(service, "registerPackage").setRef(
                    `${req.getName()}@${req.getVersion()}${req.getParameterization() ? `/${req.getParameterization()?.getName()}` : ""}`,
                ),
            ),
            signalAndWaitForShutdown: unary(() => {
                this.finished = true;
                return new empty.Empty();
            }),
        };
    }

    /** The state of a resource the program registered, by URN (the `pulumi:pulumi:getResource` data source). */
    private getResource(urn: string): Record<string, unknown> {
        const found = this.registrations.get(urn);
        if (found === undefined) return this.fail(new ProgramError(`resource '${urn}' does not exist`));
        return { urn, id: this.registrations.options.preview ? UNKNOWN : `${found.name}-id`, state: found.outputs };
    }

    private engineService(): Record<string, unknown> {
        const { empty, engineRpc } = engineProto();
        const service = engineRpc.EngineService;
        return {
            log: unary((req: enginePb.LogRequest) => {
                this.listener.log?.({ severity: SEVERITIES[req.getSeverity()] ?? "info", message: req.getMessage(), urn: req.getUrn() });
                return new empty.Empty();
            }),
            getRootResource: unary(() => responseOf<enginePb.GetRootResourceResponse>(service, "getRootResource").setUrn(this.root)),
            setRootResource: unary((req: enginePb.SetRootResourceRequest) => {
                this.root = req.getUrn();
                return responseOf<enginePb.SetRootResourceResponse>(service, "setRootResource");
            }),
            requirePulumiVersion: unary(() => responseOf<enginePb.RequirePulumiVersionResponse>(service, "requirePulumiVersion")),
        };
    }
}
