/**
 * Test support: runs a Pulumi program under Pulumi's own mock runtime (preview or update mode) and
 * records every resource registration as the engine receives it: type, name, parent URN, provider
 * reference, import id and the wire-form inputs (unknowns as the sentinel, secrets as the envelope).
 * Provider function calls (`invoke`) fail unless the test answers their token.
 */
import * as pulumi from "@pulumi/pulumi";
import { unknownValue, specialSigKey, specialSecretSig } from "@pulumi/pulumi/runtime/rpc";
import * as settings from "@pulumi/pulumi/runtime/settings";

/** Waits until every registration the program started has been answered (internal to @pulumi/pulumi). */
const waitForRPCs = (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs;
/** Forgets the monitor, stack resource and feature flags (internal to @pulumi/pulumi, "for testing"). */
const resetRuntime = (settings as unknown as { _reset(): void })._reset;

/** The wire form of an unknown value. */
export const UNKNOWN = unknownValue;

/** One registerResource request as the engine would see it. */
export interface Registration {
    type: string;
    name: string;
    urn: string;
    custom: boolean;
    parent: string;
    provider: string;
    importId: string;
    /** Wire-form inputs: unknowns as {@link UNKNOWN}, secrets as the secret envelope. */
    wire: Record<string, unknown>;
}

/** What running a program produced. */
export interface ProgramRun {
    registrations: Registration[];
    /** The stack outputs (unknown values are undefined). */
    outputs: Record<string, unknown> | undefined;
    /** Invokes the program made, by token. */
    calls: { token: string; inputs: Record<string, unknown> }[];
    /** The outputs each component registered (registerOutputs), by URN, in wire form. */
    componentOutputs: Map<string, Record<string, unknown>>;
    /** Messages the program logged with pulumi.log (severity and text). */
    logs: { severity: "info" | "warn"; message: string }[];
}

/** How to run a program. */
export interface RunOptions {
    /** Preview (unknown computed outputs) or update (plausible values). */
    preview: boolean;
    /** The stack's name. @default "stack" */
    stack?: string;
    /** Stack config, e.g. `{ "aws:region": "eu-west-1" }`. Replaces any earlier config. */
    config?: Record<string, string>;
    /** Answers to provider function calls by token; any other call fails the run. */
    calls?: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>>;
}

/** The deterministic Easy DKIM tokens the update-mode mock gives an identity named `name`. */
export function mockDkimTokens(name: string): string[] {
    return [1, 2, 3].map((i) => `${name.replace(/[^a-z0-9]/gi, "").toLowerCase()}tok${i}`);
}

/** True when a wire-form value is a secret envelope. */
export function isSecretEnvelope(value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[specialSigKey] === specialSecretSig;
}

/** The plain value inside a secret envelope (or the value itself). */
export function unwrapSecret(value: unknown): unknown {
    return isSecretEnvelope(value) ? (value as { value: unknown }).value : value;
}

function computedOutputs(type: string, name: string, inputs: Record<string, unknown>, preview: boolean): Record<string, unknown> {
    const unknownOr = (v: unknown) => (preview ? UNKNOWN : v);
    const arn = unknownOr(`arn:aws:ses:eu-west-1:123456789012:${type.split(":").pop()}/${name}`);
    if (type === "aws:sesv2/emailIdentity:EmailIdentity") {
        const dkim = (inputs.dkimSigningAttributes ?? {}) as Record<string, unknown>;
        const byo = dkim.domainSigningSelector !== undefined;
        const tokens = byo ? [dkim.domainSigningSelector] : unknownOr(mockDkimTokens(name));
        return { arn, dkimSigningAttributes: { ...dkim, tokens } };
    }
    return { arn };
}

let logs: ProgramRun["logs"] = [];

/** Runs `program` as the body of a stack under the mock runtime and returns what it registered. */
export async function runProgram(program: () => unknown, options: RunOptions): Promise<ProgramRun> {
    const stack = options.stack ?? "stack";
    const calls: ProgramRun["calls"] = [];
    const registrations: Registration[] = [];
    pulumi.runtime.setAllConfig(options.config ?? {}, []);
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => ({
                id: options.preview ? undefined : `${args.name}-id`,
                state: { ...args.inputs, ...computedOutputs(args.type, args.name, args.inputs, options.preview) },
            }),
            call: (args) => {
                calls.push({ token: args.token, inputs: args.inputs });
                const answer = options.calls?.[args.token];
                if (answer === undefined) throw new Error(`unexpected call of ${args.token}`);
                return answer(args.inputs);
            },
        },
        "project",
        stack,
        options.preview,
    );
    const componentOutputs = new Map<string, Record<string, unknown>>();
    const monitor = settings.getMonitor() as unknown as {
        registerResource(req: RegisterRequest, cb: unknown): Promise<void>;
        registerResourceOutputs(req: OutputsRequest, cb: unknown): void;
    };
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req, callback) => {
        componentOutputs.set(req.getUrn(), (req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>);
        return registerOutputs(req, callback);
    };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        const parent = req.getParent();
        const qualified = parent ? `${parent.split("::")[2].split("$").pop()}$${req.getType()}` : req.getType();
        registrations.push({
            type: req.getType(),
            name: req.getName(),
            urn: `urn:pulumi:${stack}::project::${qualified}::${req.getName()}`,
            custom: req.getCustom(),
            parent,
            provider: req.getProvider(),
            importId: req.getImportid(),
            wire: (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
        });
        return register(req, callback);
    };
    logs = [];
    const restore = captureLogs();
    try {
        const outputs = (await pulumi.runtime.runInPulumiStack(async () => program())) as Record<string, unknown> | undefined;
        await waitForRPCs();
        return { registrations, outputs, calls, logs, componentOutputs };
    } finally {
        restore();
        await waitForRPCs().catch(() => undefined);
        // Leave no mock monitor, stack or config behind for the next test file.
        pulumi.runtime.setAllConfig({}, []);
        resetRuntime();
    }
}

interface OutputsRequest {
    getUrn(): string;
    getOutputs(): { toJavaScript(): unknown } | undefined;
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getProvider(): string;
    getImportid(): string;
    getObject(): { toJavaScript(): unknown } | undefined;
}

/** Without an engine, pulumi.log writes `info: [runtime] ...` / `warning: [runtime] ...` to the console. */
function captureLogs(): () => void {
    const { log, warn } = console;
    console.log = (...args: unknown[]) => {
        const text = args.map(String).join(" ");
        if (text.startsWith("info: [runtime] ")) logs.push({ severity: "info", message: text.slice(16) });
        else log(...args);
    };
    console.warn = (...args: unknown[]) => {
        const text = args.map(String).join(" ");
        if (text.startsWith("warning: [runtime] ")) logs.push({ severity: "warn", message: text.slice(19) });
        else warn(...args);
    };
    return () => {
        console.log = log;
        console.warn = warn;
    };
}

/** The one registration of `type` named `name`; fails the test when there is not exactly one. */
export function only(run: ProgramRun, type: string, name: string): Registration {
    const found = run.registrations.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) {
        const seen = run.registrations.map((r) => `${r.type} ${r.name}`).join("\n  ");
        throw new Error(`expected one ${type} named ${name}, found ${found.length}; registered:\n  ${seen}`);
    }
    return found[0];
}
