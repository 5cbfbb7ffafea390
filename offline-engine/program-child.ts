/**
 * The entry of the child process one program runs in (see program-runner.ts): a clean module graph and clean
 * globals per program, as each `pulumi preview` has its own Node.js process. It takes one request over IPC,
 * runs {@link captureProgramDir} in the program's directory, warns about SES records in private hosted zones the
 * program looked up, and sends back the resources or the error. It exits when the CLI that started it goes away.
 */
import { captureProgramDir } from "./mock-capture";
import { unansweredHint, useAnswersFile, warnRecordsInPrivateZones } from "./data-sources";
import { UserError } from "../user-error";
import type { CapturedResource } from "../state/captured-resource";

/** What the CLI asks the child to run. */
export interface ChildRequest {
    /** The program directory, absolute. */
    dir: string;
    /** The directory as the user gave it, for messages. */
    label: string;
    /** The CLI's working directory, which `label` is relative to. */
    cwd: string;
    preview: boolean;
    stack?: string;
    config?: Record<string, string>;
    /** An answers file for data sources and stack references (absolute path). */
    answersFile?: string;
}

/** What the child sends back: the captured resources, or the error that stopped the program. */
export type ChildReply = { kind: "done"; resources: CapturedResource[] } | { kind: "error"; userError: boolean; message: string };

function send(reply: ChildReply): void {
    const exit = (): never => process.exit(0);
    if (process.send === undefined) exit();
    else process.send(reply, undefined, undefined, exit);
}

function failure(err: unknown, prefix: string): ChildReply {
    const message = err instanceof Error ? err.message : String(err);
    return { kind: "error", userError: err instanceof UserError || prefix !== "", message: prefix + message + unansweredHint() };
}

let running: ChildRequest | undefined;

/** An error the program left behind outside the capture's own tracking: it fails the run, as in Pulumi's runtime. */
function late(err: unknown): void {
    send(failure(err, running ? `the program in ${running.label} failed: ` : ""));
}

process.on("uncaughtException", late);
process.on("unhandledRejection", late);
process.on("disconnect", () => process.exit(3));
/**
 * Sends `resources` once the program's event loop is empty: like Pulumi's runtime (its beforeExit handler), a
 * program has finished when nothing is left to run, so a failure in a timer or a late promise still fails it.
 */
function sendWhenIdle(resources: CapturedResource[]): void {
    (process.channel as { unref?: () => void } | undefined)?.unref?.();
    process.once("beforeExit", () => send({ kind: "done", resources }));
}

process.once("message", (request: ChildRequest) => {
    running = request;
    try {
        if (request.answersFile !== undefined) useAnswersFile(request.answersFile);
    } catch (err) {
        return send(failure(err, ""));
    }
    // The child starts in the project directory (nodeargs such as --require ./x.js resolve there, as under
    // `pulumi preview`); the project is read from the CLI's directory so that messages name it as the user did.
    process.chdir(request.cwd);
    const capture = captureProgramDir(request.label, { preview: request.preview, stack: request.stack, config: request.config });
    process.chdir(request.dir);
    capture.then(
        (resources) => {
            warnRecordsInPrivateZones(resources);
            sendWhenIdle(resources);
        },
        (err: unknown) => send(failure(err, "")),
    );
});
