/**
 * What one run of a program under the mock runtime produced besides its registrations: the stack's outputs,
 * each component's registered outputs, the import ids asked for, the data sources called, and what the program
 * logged with `pulumi.log`. The components' tests assert on these; the offline engine sends only the resources.
 */
import type { CapturedResource } from "../state/captured-resource";

/** Answers to data source calls (invokes) by token; a run given these fails on any call not among them. */
export type InvokeAnswers = Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>>;

/** One message the program logged (`pulumi.log.info` / `pulumi.log.warn`). */
export interface LoggedMessage {
    severity: "info" | "warn";
    message: string;
}

/** Everything one run produced. */
export interface ProgramRun {
    /** Every registration as the engine holds it (reads excluded), in registration order. */
    resources: CapturedResource[];
    /** The stack's outputs, as the program returned them (unknown values are undefined). */
    stackOutputs: Record<string, unknown> | undefined;
    /** The outputs each component registered (`registerOutputs`), by URN, in wire form. */
    componentOutputs: Map<string, Record<string, unknown>>;
    /** The import id of each resource registered with `import`, by URN. */
    importIds: Map<string, string>;
    /** The data sources the program called, in order. */
    invokes: { token: string; inputs: Record<string, unknown> }[];
    /** What the program logged. */
    logs: LoggedMessage[];
}

/**
 * Records `pulumi.log` messages while `fn` runs. Without an engine the SDK writes them to the console as
 * `info: [runtime] ...` and `warning: [runtime] ...`; they are recorded and still written.
 */
export async function recordingLogs<T>(logs: LoggedMessage[], fn: () => Promise<T>): Promise<T> {
    const { log, warn } = console;
    const watch =
        (write: (...args: unknown[]) => void, prefix: string, severity: LoggedMessage["severity"]) =>
        (...args: unknown[]): void => {
            const text = args.map(String).join(" ");
            if (text.startsWith(prefix)) logs.push({ severity, message: text.slice(prefix.length) });
            write(...args);
        };
    console.log = watch(log, "info: [runtime] ", "info");
    console.warn = watch(warn, "warning: [runtime] ", "warn");
    try {
        return await fn();
    } finally {
        console.log = log;
        console.warn = warn;
    }
}
