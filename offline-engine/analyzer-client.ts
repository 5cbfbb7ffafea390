/**
 * The engine's side of Pulumi's analyzer gRPC protocol: typed calls to a running policy pack, with the
 * requests built from Pulumi's own stubs exactly as the engine builds them.
 */
import type * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import type { CapturedResource } from "../state/captured-resource";
import { analyzerProto } from "./proto";
import { GrpcStatusError, GrpcUnaryChannel } from "./grpc-unary";
import { DEFAULT_ORGANIZATION } from "./pack-environment";
import { reconcilePolicyPackConfig, type EnforcementLevel, type PolicyConfigSchema, type PolicyPackConfig } from "./policy-config";
import { UserError } from "../user-error";

export type { EnforcementLevel, PolicyPackConfig } from "./policy-config";

/** One policy violation (or advisory note) reported by a pack. */
export interface Diagnostic {
    policyName: string;
    policyPackName: string;
    description: string;
    message: string;
    enforcementLevel: EnforcementLevel;
    /** The resource blamed; Analyze diagnostics get the analyzed resource's URN, as the engine does. */
    urn: string;
    /** The policy's severity, when the pack gives one (@pulumi/policy 1.18+). */
    severity?: PolicySeverity;
}

/** A policy's severity, as @pulumi/policy names it. */
export type PolicySeverity = "low" | "medium" | "high" | "critical";

/** Severities by their analyzer protocol number (PolicySeverity; 0 is unspecified). */
const SEVERITIES: readonly (PolicySeverity | undefined)[] = [undefined, "low", "medium", "high", "critical"];

/** A compliance framework control a policy maps to. */
export interface PolicyFramework {
    name: string;
    version?: string;
    reference?: string;
    specification?: string;
}

/** What GetAnalyzerInfo says about one policy. */
export interface PolicyInfo {
    name: string;
    description: string;
    enforcementLevel: EnforcementLevel;
    configSchema?: PolicyConfigSchema;
    /** A title of a few words, when the pack gives one. */
    displayName?: string;
    /** What to change so that the policy passes, when the pack says. */
    remediationSteps?: string;
    /** Where the policy is documented, when the pack says. */
    url?: string;
    severity?: PolicySeverity;
    /** The compliance framework control it maps to, when the pack says. */
    framework?: PolicyFramework;
    tags?: string[];
}

/** What GetAnalyzerInfo says about the pack. */
export interface AnalyzerInfo {
    name: string;
    version: string;
    policies: PolicyInfo[];
    /** The pack's title, readme (Markdown), tags and repository, when it gives them. */
    displayName?: string;
    readme?: string;
    tags?: string[];
    repository?: string;
}

/** One remediation a pack applied (or could not apply) to a resource's inputs. */
export interface RemediationResult {
    policyName: string;
    /** The resource's inputs after the remediation, in wire form; undefined when it changed nothing. */
    properties: Record<string, unknown> | undefined;
    /** Set when the remediation could not run (e.g. an unknown value in preview). */
    diagnostic?: string;
}

/**
 * A failed analyzer call: which RPC, and the pack's own error text (often a policy's stack trace). The stack is
 * not at fault, but nothing the command can do fixes it either: it is shown like a user error, with that said.
 */
export class AnalyzerCallError extends UserError {
    /** `method` is the RPC name, `code` the gRPC status code, `details` the status details the pack sent. */
    constructor(
        readonly method: string,
        readonly code: number,
        readonly details: string,
    ) {
        super(`policy pack ${method} failed: ${details}\n(the policy pack failed while analyzing; this is a bug in the pack, not in the stack)`);
    }
}

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "disabled", "remediate"];
const GRPC_UNIMPLEMENTED = 12;

function levelFromProto(level: number): EnforcementLevel {
    const name = LEVELS[level];
    if (name === undefined) throw new Error(`policy pack sent unknown enforcement level ${level}`);
    return name;
}

/** Drops `undefined` (Struct cannot carry it) and anything else JSON cannot represent. */
function jsonSafe(value: Record<string, unknown>): Record<string, unknown> {
    return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

/** The message size limit the Pulumi engine dials plugins with, both ways (400 MiB; gRPC's default receive limit is 4 MiB). */
export const ANALYZER_MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

/** The analyzer's RPC names, as its service definition (`AnalyzerService`) spells them. */
type AnalyzerMethod = Extract<keyof ReturnType<typeof analyzerProto>["rpc"]["AnalyzerService"], string>;

/** A connection to one policy pack's analyzer server. */
export class AnalyzerSession {
    private readonly channel: GrpcUnaryChannel;
    private info: { info: AnalyzerInfo; initialConfig: Record<string, unknown> } | undefined;

    /** Connects (lazily, as gRPC does) to the analyzer listening on `address` (`127.0.0.1:<port>`). */
    constructor(readonly address: string) {
        this.channel = new GrpcUnaryChannel(address, ANALYZER_MAX_MESSAGE_BYTES);
    }

    /** Calls `method` with `request` (a message, or its bytes) and decodes the answer with Pulumi's stubs. */
    private async call<Res>(method: AnalyzerMethod, request: { serializeBinary(): Uint8Array } | Uint8Array): Promise<Res> {
        const definition = analyzerProto().rpc.AnalyzerService[method];
        const bytes = request instanceof Uint8Array ? request : (definition.requestSerialize as (r: unknown) => Buffer)(request);
        try {
            return (definition.responseDeserialize as (b: Buffer) => Res)(await this.channel.call(definition.path, bytes));
        } catch (e) {
            if (e instanceof GrpcStatusError) throw new AnalyzerCallError(method, e.code, e.details);
            throw e;
        }
    }

    /** The engine's first call; Node packs answer UNIMPLEMENTED, which the engine (and this) tolerates. */
    async handshake(): Promise<void> {
        const { pb } = analyzerProto();
        const req = new pb.AnalyzerHandshakeRequest();
        req.setEngineAddress("");
        try {
            await this.call("handshake", req);
        } catch (err) {
            if (!(err instanceof AnalyzerCallError) || err.code !== GRPC_UNIMPLEMENTED) throw err;
        }
    }

    /** The pack's name, version and policies (with their default levels and config schemas). */
    async getAnalyzerInfo(): Promise<AnalyzerInfo> {
        return (await this.analyzerInfo()).info;
    }

    private async analyzerInfo(): Promise<{ info: AnalyzerInfo; initialConfig: Record<string, unknown> }> {
        if (this.info === undefined) {
            const { empty } = analyzerProto();
            const res = await this.call<analyzerPb.AnalyzerInfo>("getAnalyzerInfo", new empty.Empty());
            const policies = res.getPoliciesList().map((p): PolicyInfo => {
                const policy: PolicyInfo = { name: p.getName(), description: p.getDescription(), enforcementLevel: levelFromProto(p.getEnforcementlevel()) };
                const schema = p.getConfigschema();
                if (schema !== undefined) {
                    policy.configSchema = { properties: schema.getProperties()?.toJavaScript() ?? {} };
                    if (schema.getRequiredList().length > 0) policy.configSchema.required = schema.getRequiredList();
                }
                const docs = { displayName: p.getDisplayname(), remediationSteps: p.getRemediationSteps(), url: p.getUrl() };
                for (const [field, value] of Object.entries(docs)) if (value !== "") policy[field as keyof typeof docs] = value;
                const severity = SEVERITIES[p.getSeverity()];
                if (severity !== undefined) policy.severity = severity;
                const framework = p.getFramework();
                if (framework !== undefined) {
                    const fields = { version: framework.getVersion(), reference: framework.getReference(), specification: framework.getSpecification() };
                    policy.framework = { name: framework.getName() };
                    for (const [field, value] of Object.entries(fields)) if (value !== "") policy.framework[field as keyof typeof fields] = value;
                }
                if (p.getTagsList().length > 0) policy.tags = p.getTagsList();
                return policy;
            });
            const initialConfig: Record<string, unknown> = {};
            res.getInitialconfigMap().forEach((c, name) => {
                initialConfig[name] = { ...(c.getProperties()?.toJavaScript() ?? {}), enforcementLevel: levelFromProto(c.getEnforcementlevel()) };
            });
            const info: AnalyzerInfo = { name: res.getName(), version: res.getVersion(), policies };
            const about = { displayName: res.getDisplayname(), readme: res.getReadme(), repository: res.getRepository() };
            for (const [field, value] of Object.entries(about)) if (value !== "") info[field as keyof typeof about] = value;
            if (res.getTagsList().length > 0) info.tags = res.getTagsList();
            this.info = { info, initialConfig };
        }
        return this.info;
    }

    /**
     * Tells the pack which stack it is analyzing (ConfigureStack), with the stack's config (`namespace:key` to
     * string) as the engine sends it (`pkg/resource/plugin/analyzer_plugin.go`).
     */
    async configureStack(stack: {
        project: string;
        stack: string;
        organization?: string;
        dryRun: boolean;
        config?: Record<string, string>;
        secretKeys?: string[];
    }): Promise<void> {
        const { pb } = analyzerProto();
        const req = new pb.AnalyzerStackConfigureRequest();
        req.setProject(stack.project);
        req.setStack(stack.stack);
        req.setOrganization(stack.organization ?? DEFAULT_ORGANIZATION);
        req.setDryRun(stack.dryRun);
        const config = req.getConfigMap();
        for (const [key, value] of Object.entries(stack.config ?? {})) config.set(key, value);
        req.setConfigSecretKeysList(stack.secretKeys ?? []);
        await this.call("configureStack", req);
    }

    /** Like the engine: fills configSchema defaults, applies "all", validates, then sends Configure. */
    async configure(config?: PolicyPackConfig): Promise<void> {
        const { pb } = analyzerProto();
        const { info, initialConfig } = await this.analyzerInfo();
        const resolved = reconcilePolicyPackConfig(info.policies, config, Object.keys(initialConfig).length > 0 ? initialConfig : undefined);
        const req = new pb.ConfigureAnalyzerRequest();
        const map = req.getPolicyconfigMap();
        for (const [name, c] of resolved) {
            const pc = new pb.PolicyConfig();
            pc.setEnforcementlevel(LEVELS.indexOf(c.enforcementLevel) as analyzerPb.EnforcementLevel);
            pc.setProperties(toStruct(c.properties));
            map.set(name, pc);
        }
        await this.call("configure", req);
    }

    /** Remediate on the resource's inputs; only policies at level `remediate` answer. */
    async remediate(resource: CapturedResource, request: Uint8Array = analyzeRequestBytes(resource)): Promise<RemediationResult[]> {
        const res = await this.call<analyzerPb.RemediateResponse>("remediate", request);
        return res.getRemediationsList().map((r) => {
            const result: RemediationResult = {
                policyName: r.getPolicyname(),
                properties: r.getProperties()?.toJavaScript() as Record<string, unknown> | undefined,
            };
            if (r.getDiagnostic()) result.diagnostic = r.getDiagnostic();
            return result;
        });
    }

    /**
     * Analyze on the resource's inputs; diagnostics are attributed to the resource, as the engine does. `request` is
     * its {@link analyzeRequestBytes} when the caller has encoded them already (for Remediate: the same request).
     */
    async analyze(resource: CapturedResource, request: Uint8Array = analyzeRequestBytes(resource)): Promise<Diagnostic[]> {
        const res = await this.call<analyzerPb.AnalyzeResponse>("analyze", request);
        return res.getDiagnosticsList().map((d) => ({ ...diagnostic(d), urn: resource.urn }));
    }

    /**
     * AnalyzeStack on every resource's outputs, in the order given; `urn` is whatever the policy reported ("" when
     * none). The request is sent as {@link analyzeStackRequestBytes} encodes it, one resource at a time.
     */
    async analyzeStack(resources: readonly CapturedResource[]): Promise<Diagnostic[]> {
        const res = await this.call<analyzerPb.AnalyzeResponse>("analyzeStack", analyzeStackRequestBytes(resources));
        return res.getDiagnosticsList().map(diagnostic);
    }

    /** Closes the connection once the calls under way have ended. */
    close(): void {
        this.channel.close();
    }
}

/** The AnalyzeStack request the engine sends for `resources` (their outputs, in the order given), as one message. */
export function analyzeStackRequest(resources: readonly CapturedResource[]): analyzerPb.AnalyzeStackRequest {
    const { pb } = analyzerProto();
    const req = new pb.AnalyzeStackRequest();
    req.setResourcesList(resources.map(stackResource));
    return req;
}

/** The key of AnalyzeStackRequest's only field, `repeated AnalyzerResource resources = 1`: field 1, length-delimited. */
const RESOURCES_KEY = (1 << 3) | 2;

/** The key of the resources field and `length` as a base-128 varint: what precedes each resource's bytes. */
function resourceHeader(length: number): Buffer {
    const bytes = [RESOURCES_KEY];
    let rest = length;
    while (rest >= 0x80) {
        bytes.push((rest & 0x7f) | 0x80);
        rest >>>= 7;
    }
    bytes.push(rest);
    return Buffer.from(bytes);
}

/**
 * {@link analyzeStackRequest} encoded, byte for byte what google-protobuf's `serializeBinary` makes of it, but built
 * one resource at a time: a repeated message field is the concatenation of its elements, each as key, length and
 * encoded message. Only one resource's message exists at a time; for 50,000 resources the whole message tree and
 * google-protobuf's writer (its buffer is an array of numbers) cost about 1.2 GB at once (bench/README.md, 6).
 */
export function analyzeStackRequestBytes(resources: readonly CapturedResource[]): Buffer {
    const parts: Uint8Array[] = [];
    for (const resource of resources) {
        const message = stackResource(resource).serializeBinary();
        parts.push(resourceHeader(message.length), message);
    }
    return Buffer.concat(parts);
}

function diagnostic(d: analyzerPb.AnalyzeDiagnostic): Diagnostic {
    return {
        policyName: d.getPolicyname(),
        policyPackName: d.getPolicypackname(),
        description: d.getDescription(),
        message: d.getMessage(),
        enforcementLevel: levelFromProto(d.getEnforcementlevel()),
        urn: d.getUrn(),
        ...(SEVERITIES[d.getSeverity()] !== undefined ? { severity: SEVERITIES[d.getSeverity()] } : {}),
    };
}

/** The options the engine sends with every resource; the pack refuses requests without them. */
function resourceOptions(resource: CapturedResource): analyzerPb.AnalyzerResourceOptions {
    const { pb } = analyzerProto();
    const options = new pb.AnalyzerResourceOptions();
    options.setProtect(false);
    options.setIgnorechangesList([]);
    options.setAdditionalsecretoutputsList([]);
    options.setAliasesList([]);
    options.setCustomtimeouts(new pb.AnalyzerResourceOptions.CustomTimeouts());
    if (resource.parent !== undefined) options.setParent(resource.parent);
    return options;
}

function toStruct(properties: Record<string, unknown>) {
    return analyzerProto().struct.Struct.fromJavaScript(jsonSafe(properties) as never);
}

function providerResource(resource: CapturedResource): analyzerPb.AnalyzerProviderResource | undefined {
    if (resource.provider === undefined) return undefined;
    const provider = new (analyzerProto().pb.AnalyzerProviderResource)();
    provider.setUrn(resource.provider.urn);
    provider.setType(resource.provider.type);
    provider.setName(resource.provider.name);
    provider.setProperties(toStruct(resource.provider.properties));
    return provider;
}

/** The fields an Analyze request and an AnalyzeStack resource share, set alike on either message. */
interface ResourceMessage {
    setUrn(value: string): unknown;
    setType(value: string): unknown;
    setName(value: string): unknown;
    setProperties(value: ReturnType<typeof toStruct>): unknown;
    setOptions(value: analyzerPb.AnalyzerResourceOptions): unknown;
    setProvider(value: analyzerPb.AnalyzerProviderResource): unknown;
}

function setResourceFields<M extends ResourceMessage>(message: M, resource: CapturedResource, properties: Record<string, unknown>): M {
    message.setUrn(resource.urn);
    message.setType(resource.type);
    message.setName(resource.name);
    message.setProperties(toStruct(properties));
    message.setOptions(resourceOptions(resource));
    const provider = providerResource(resource);
    if (provider !== undefined) message.setProvider(provider);
    return message;
}

/** The request Remediate and Analyze both take for `resource` (its inputs, options and provider), encoded. */
export function analyzeRequestBytes(resource: CapturedResource): Uint8Array {
    return setResourceFields(new (analyzerProto().pb.AnalyzeRequest)(), resource, resource.inputs).serializeBinary();
}

function stackResource(resource: CapturedResource): analyzerPb.AnalyzerResource {
    const { pb } = analyzerProto();
    const r = setResourceFields(new pb.AnalyzerResource(), resource, resource.outputs);
    if (resource.parent !== undefined) r.setParent(resource.parent);
    r.setDependenciesList(resource.dependencies);
    const deps = r.getPropertydependenciesMap();
    for (const [key, urns] of Object.entries(resource.propertyDependencies)) {
        const d = new pb.AnalyzerPropertyDependencies();
        d.setUrnsList(urns);
        deps.set(key, d);
    }
    return r;
}
